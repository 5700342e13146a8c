/**
 * `--url <origin>`: any external HTTPS (h2 or HTTP/1.1) or cleartext h2c server. The
 * server is not ours, so there are no server-side counts (`serverAccepted: null`); the
 * client-side ledger is complete all the same.
 */
import { readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Target, TlsMaterial } from './types.js';
import { preflight } from './preflight.js';
import { stringDefault } from '../options/table.js';

/** --path when not given (the option table's default). */
export const DEFAULT_URL_PATH = stringDefault('path', 'run');

export interface UrlTargetOptions {
  url: URL;
  /** PEM files. Without caPath, Node's bundled root certificates are trusted. */
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  servername?: string;
  /** Request path; `{delay}` becomes the scenario's delay in ms. */
  path?: string;
  preflightTimeoutMs?: number;
}

export async function startUrlTarget(opts: UrlTargetOptions): Promise<Target> {
  const template = opts.path ?? DEFAULT_URL_PATH;
  let tempDir: string | undefined;
  let caPath = opts.caPath;
  if (caPath === undefined) {
    // Node's fetch reads extra CAs from a file (NODE_EXTRA_CA_CERTS): give it the same
    // bundled roots every other client uses by default.
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-url-'));
    caPath = path.join(tempDir, 'node-roots.pem');
    await writeFile(caPath, rootCertificates.join('\n'));
  }
  const tls: TlsMaterial = { ca: await readFile(caPath, 'utf8'), caPath };
  if (opts.certPath !== undefined && opts.keyPath !== undefined) {
    tls.cert = await readFile(opts.certPath, 'utf8');
    tls.key = await readFile(opts.keyPath, 'utf8');
    tls.certPath = opts.certPath;
    tls.keyPath = opts.keyPath;
  }
  if (opts.servername !== undefined) tls.servername = opts.servername;
  const origin = new URL(opts.url.origin);
  const pathFor = (delayMs: number): string => template.replaceAll('{delay}', String(Math.max(0, Math.round(delayMs))));
  const close = async (): Promise<void> => {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  };
  let h2cOnly = false;
  try {
    h2cOnly = (await preflight(origin, tls, pathFor(0), opts.preflightTimeoutMs)).h2cOnly;
  } catch (error) {
    await close();
    throw error;
  }
  return {
    kind: 'url',
    origin,
    tls,
    mtls: tls.cert !== undefined,
    ...(h2cOnly ? { h2cOnly } : {}),
    pathTemplate: template,
    pathFor,
    resetCounters: async () => {},
    readCounters: async () => null,
    close,
  };
}
