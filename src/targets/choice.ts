/**
 * Which target a run uses, validated once at the boundary (config.ts): --target,
 * --url and its TLS files, --h2c, --mtls. Every problem is one UsageError line (exit 2).
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { optionChoices, stringDefault } from '../options/table.js';
import { DEFAULT_URL_PATH } from './url.js';
import { networkChoice, type NetworkFlags } from './relay/network-options.js';
import type { RelayOptions } from './relay/relay.js';
import { serverBehaviour, SERVER_FLAGS, type ServerBehaviour, type ServerFlags } from './server-options.js';
import { definedOnly } from '../defined.js';

export type TargetChoice =
  /** `server`: the ping server's behaviours (--server-*, --body-bytes), when any was given. */
  /** `network`: the round trip the relay adds (--rtt, --rtt-jitter), when given. */
  | { kind: 'local'; mtls: boolean; h2c: boolean; server?: ServerBehaviour; network?: RelayOptions }
  | { kind: 'nginx'; mtls: boolean; h2c: boolean; network?: RelayOptions }
  | {
      kind: 'url';
      url: URL;
      caPath?: string;
      certPath?: string;
      keyPath?: string;
      servername?: string;
      path: string;
    };

export interface TargetFlags extends ServerFlags, NetworkFlags {
  target?: string | undefined;
  url?: string | undefined;
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  servername?: string | undefined;
  path?: string | undefined;
  h2c?: boolean | undefined;
  mtls?: boolean | undefined;
}

export function targetChoice(flags: TargetFlags): TargetChoice {
  const kind = flags.target ?? (flags.url !== undefined ? 'url' : stringDefault('target', 'run'));
  if (!optionChoices('target').includes(kind)) {
    throw new UsageError(`--target must be local or nginx (or give --url <origin>), got '${kind}'`);
  }
  const urlOnly = (['ca', 'cert', 'key', 'servername', 'path'] as const).filter((name) => flags[name] !== undefined);
  if (kind !== 'url') {
    if (flags.url === undefined && urlOnly.length > 0) {
      throw new UsageError(`--${urlOnly[0]} applies to --url targets only; the ${kind} target brings its own certificates`);
    }
    if (flags.url !== undefined) throw new UsageError(`--url and --target ${kind} exclude each other: choose one`);
    if (flags.mtls && flags.h2c) throw new UsageError('--mtls needs TLS and --h2c is cleartext: choose one');
    const server = serverBehaviour(flags);
    const network = networkChoice(flags, false);
    if (kind === 'nginx') {
      if (server) throw notLocal(flags, 'nginx');
      return { kind: 'nginx', mtls: flags.mtls ?? false, h2c: flags.h2c ?? false, ...(network ? { network } : {}) };
    }
    return { kind: 'local', mtls: flags.mtls ?? false, h2c: flags.h2c ?? false, ...(server ? { server } : {}), ...(network ? { network } : {}) };
  }
  if (serverBehaviour(flags)) throw notLocal(flags, 'url');
  networkChoice(flags, true);
  if (flags.url === undefined) throw new UsageError('--target url needs --url <origin>, e.g. --url https://api.internal:8443');
  if (flags.mtls) throw new UsageError('--mtls is for the local and nginx targets; for --url give --cert FILE --key FILE');
  if (flags.h2c) throw new UsageError('--h2c is for the local and nginx targets; for --url use an http:// origin');
  const url = parseOrigin(flags.url);
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    throw new UsageError('--cert and --key go together: give both (the client certificate and its private key)');
  }
  const requestPath = flags.path ?? DEFAULT_URL_PATH;
  if (!requestPath.startsWith('/')) throw new UsageError(`--path must start with '/', got '${requestPath}'`);
  if (flags.servername !== undefined && !/^[A-Za-z0-9.-]+$/.test(flags.servername)) {
    throw new UsageError(`--servername must be a DNS name, got '${flags.servername}'`);
  }
  if (url.protocol === 'http:') {
    const tlsOnly = (['ca', 'cert', 'key', 'servername'] as const).find((name) => flags[name] !== undefined);
    if (tlsOnly) throw new UsageError(`--${tlsOnly} needs an https:// URL; ${url.origin} is cleartext`);
  }
  return {
    kind: 'url',
    url,
    ...(flags.ca !== undefined ? { caPath: readableFile('ca', flags.ca) } : {}),
    ...(flags.cert !== undefined ? { certPath: readableFile('cert', flags.cert) } : {}),
    ...(flags.key !== undefined ? { keyPath: readableFile('key', flags.key) } : {}),
    ...definedOnly({ servername: flags.servername }),
    path: requestPath,
  };
}

function notLocal(flags: ServerFlags, kind: string): UsageError {
  const flag = SERVER_FLAGS.find((k) => flags[k] !== undefined) ?? 'server-max-streams';
  return new UsageError(`--${flag} sets a behaviour of the local ping server; the ${kind} target brings its own server: drop it or use --target local`);
}

function parseOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an absolute URL like https://host:8443, got '${raw}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--url must start with https:// or http:// (h2c), got '${raw}'`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
    throw new UsageError(`--url takes an origin only (${url.origin}); give the request path with --path '${url.pathname}${url.search}'`);
  }
  return url;
}

/** What a PEM file given to each flag must hold: checked now, not at the first TLS handshake. */
const PEM: Record<string, { pattern: RegExp; what: string }> = {
  ca: { pattern: /-----BEGIN CERTIFICATE-----/, what: 'a PEM certificate' },
  cert: { pattern: /-----BEGIN CERTIFICATE-----/, what: 'a PEM certificate' },
  key: { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a PEM private key' },
};

function readableFile(flag: string, file: string): string {
  const absolute = path.resolve(file);
  let text: string;
  try {
    accessSync(absolute, constants.R_OK);
    if (!statSync(absolute).isFile()) throw new Error('not a file');
    text = readFileSync(absolute, 'utf8');
  } catch {
    throw new UsageError(`--${flag} ${file}: cannot read that file; give the path of a PEM file`);
  }
  const pem = PEM[flag];
  if (pem && !pem.pattern.test(text)) {
    throw new UsageError(`--${flag} ${file} is not ${pem.what} (no '-----BEGIN' line); give the PEM file`);
  }
  return absolute;
}
