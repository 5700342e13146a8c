/**
 * `--target nginx`: a real nginx in front of the local ping server, the way the
 * original report deployed it (HTTP/2 reverse proxy, optionally with mutual TLS).
 * Server-side truth comes from nginx itself: stub_status for accepted connections, and
 * the access log for connections that carried requests, TLS resumption and ALPN.
 */
import { mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RunError } from '../../errors.js';
import type { ServerCounts } from '../../results.js';
import { ensureCerts, loadTlsMaterial } from '../certs.js';
import { freePorts } from '../free-port.js';
import { startLocalTarget } from '../local.js';
import type { Target } from '../types.js';
import { countsFromAccessLog, parseAccessLogLine, type AccessLogLine } from './access-log.js';
import { ledgerFromAccessLog } from './ledger.js';
import { DEFAULT_NGINX_LIMITS, accessLogPath, renderNginxConfig, type NginxLimits } from './config.js';
import { NGINX_INSTALL_HINT, findNginx, nginxVersion, spawnNginx, type NginxProcess } from './process.js';
import { readStubStatus } from './stub-status.js';
import { childPids } from '../../process/cpu-time.js';
import { definedOnly } from '../../defined.js';

export interface NginxTargetOptions {
  mtls?: boolean;
  /** Point the origin at nginx's cleartext h2c listener instead of its TLS listener. */
  h2c?: boolean;
  certsDir?: string;
  limits?: Partial<NginxLimits>;
}

const START_ATTEMPTS = 3;
const START_TIMEOUT_MS = 10_000;

export async function startNginxTarget(opts: NginxTargetOptions = {}): Promise<Target> {
  const binary = findNginx();
  if (binary === undefined) throw new RunError('MUXBENCH_NGINX_MISSING', NGINX_INSTALL_HINT);
  const version = await nginxVersion(binary);
  const mtls = opts.mtls ?? false;
  const limits: NginxLimits = { ...DEFAULT_NGINX_LIMITS, ...opts.limits };
  const certs = await ensureCerts(opts.certsDir);
  const upstream = await startLocalTarget({ cleartext: true, ...definedOnly({ certsDir: opts.certsDir }) });
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'muxbench-nginx-'));
  const cleanup = async (nginx?: NginxProcess): Promise<void> => {
    await nginx?.stop();
    await upstream.close();
    await rm(prefix, { recursive: true, force: true });
  };

  let started: { nginx: NginxProcess; ports: number[] } | undefined;
  try {
    const upstreamPort = Number(upstream.cleartextOrigin?.port);
    if (!upstreamPort) throw new RunError('MUXBENCH_SERVER_START', 'the ping server did not open its cleartext port for nginx');
    await mkdir(path.join(prefix, 'tmp'), { recursive: true });
    const confFile = path.join(prefix, 'nginx.conf');
    for (let attempt = 1; started === undefined; attempt++) {
      const ports = await freePorts(3);
      const [tlsPort, h2cPort, statusPort] = ports as [number, number, number];
      const conf = renderNginxConfig({
        prefix,
        tlsPort,
        h2cPort,
        statusPort,
        upstreamPort,
        serverCert: certs.serverCert,
        serverKey: certs.serverKey,
        caCert: certs.caCert,
        mtls,
        runAsRoot: process.getuid?.() === 0,
        limits,
      });
      await writeFile(confFile, conf);
      const nginx = spawnNginx(binary, prefix, confFile);
      const failure = await waitReady(nginx, statusPort, prefix);
      if (failure === undefined) started = { nginx, ports };
      else {
        await nginx.stop();
        // Another process took a port between our probe and nginx's bind: pick new ones.
        if (!/Address already in use/.test(failure) || attempt >= START_ATTEMPTS) {
          throw new RunError('MUXBENCH_NGINX_START', `nginx did not start: ${failure.split('\n').slice(-3).join(' | ')}`);
        }
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }

  const { nginx, ports } = started;
  const [tlsPort, h2cPort, statusPort] = ports as [number, number, number];
  const logFile = accessLogPath(prefix);
  let logOffset = 0;
  let acceptedBase = 0;
  let statusReads = 0;
  /** Access-log lines and accepted connections since the last reset. */
  const sinceReset = async (): Promise<{ lines: AccessLogLine[]; accepted: number }> => {
    const status = await readStubStatus(statusPort);
    statusReads++;
    // Every stub_status read is one accepted connection, counted before it answers.
    const accepted = status.accepts - acceptedBase - statusReads;
    const lines = (await readFrom(logFile, logOffset)).map(parseAccessLogLine).filter((l) => l !== undefined);
    return { lines, accepted };
  };

  return {
    kind: 'nginx',
    origin: new URL(opts.h2c ? `http://127.0.0.1:${h2cPort}` : `https://127.0.0.1:${tlsPort}`),
    tls: loadTlsMaterial(certs, { mtls }),
    mtls,
    // nginx 1.22's cleartext `listen … http2` port answers HTTP/1.1 with garbage (HTTP/0.9 to curl).
    ...(opts.h2c ? { h2cOnly: true } : {}),
    server: {
      software: 'nginx',
      version,
      settings: {
        worker_processes: limits.worker_processes,
        http2_max_concurrent_streams: limits.http2_max_concurrent_streams,
        keepalive_requests: limits.keepalive_requests,
        keepalive_timeout: `${limits.keepalive_timeout_s}s`,
        upstream_keepalive: limits.upstream_keepalive,
        ssl_verify_client: mtls ? 'on' : 'off',
        listen: opts.h2c ? 'http2 (cleartext, prior knowledge)' : 'ssl http2',
        upstream: 'ping server over cleartext HTTP/1.1',
      },
    },
    pathTemplate: '/ping/{delay}',
    pathFor: (delayMs: number) => `/ping/${Math.max(0, Math.round(delayMs))}`,
    resetCounters: async () => {
      logOffset = await stat(logFile).then((s) => s.size, () => 0);
      acceptedBase = (await readStubStatus(statusPort)).accepts;
      statusReads = 0;
    },
    readCounters: async (): Promise<ServerCounts> => {
      const { lines, accepted } = await sinceReset();
      return countsFromAccessLog(lines, accepted);
    },
    // nginx's workers (the master only hands out sockets); the ping server behind them is not counted.
    readLedger: async () => {
      const { lines, accepted } = await sinceReset();
      return ledgerFromAccessLog(lines, accepted, { maxConcurrentStreams: limits.http2_max_concurrent_streams, keepaliveRequests: limits.keepalive_requests });
    },
    // The workers serve the connections; the master only starts them.
    serverPids: async () => {
      const master = await nginx.pid();
      return master !== undefined ? childPids(master) : [];
    },
    close: () => cleanup(nginx),
  };
}

/** undefined once stub_status answers; otherwise why nginx is not up (its own words). */
async function waitReady(nginx: NginxProcess, statusPort: number, prefix: string): Promise<string | undefined> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  void nginx.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      await readStubStatus(statusPort, 1_000);
      return undefined;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const errorLog = await readFrom(path.join(prefix, 'error.log'), 0).catch(() => []);
  const why = [nginx.output(), ...errorLog].filter(Boolean).join('\n');
  return why || (exited ? 'nginx exited without a message' : `no answer within ${START_TIMEOUT_MS / 1000} s`);
}

/** Complete lines of a file from a byte offset. */
async function readFrom(file: string, offset: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return [];
  try {
    const { size } = await handle.stat();
    if (size <= offset) return [];
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    return complete.split('\n').filter((l) => l.length > 0);
  } finally {
    await handle.close();
  }
}
