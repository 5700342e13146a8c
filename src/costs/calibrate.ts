/**
 * What one connection costs the server, measured against the target before the cases:
 *
 * - server CPU per full and per resumed TLS handshake: K connections that only handshake
 *   and close (ALPN h2, as the HTTP/2 strategies offer), the server's CPU time (per-thread
 *   schedstat, process/cpu-time.ts) read before and after, divided by K. It includes the
 *   accept and the close: what each extra connection makes the server do.
 * - memory per open connection: N idle HTTP/2 connections opened at once (TLS, the
 *   connection preface and an empty SETTINGS frame, so the server builds its session),
 *   the server's RSS (and, for the ping server, its live heap) and this process's RSS and heap read before and with them open,
 *   divided by N.
 *
 * Runs through the target's origin (through the --rtt relay when there is one: the relay
 * runs in its own process, so its work is in neither figure).
 */
import { once } from 'node:events';
import tls from 'node:tls';
import type { CostCalibration } from '../results.js';
import { processesCpuNs } from '../process/cpu-time.js';
import { tlsOptions } from '../strategies/types.js';
import type { Target } from '../targets/types.js';
import { rssBytes } from './proc-memory.js';
import { sumOver } from '../process/cpu-time.js';
import { collectGarbage } from './live-memory.js';

export const DEFAULT_HANDSHAKES = 40;
export const DEFAULT_IDLE_CONNECTIONS = 100;
/** Connections handshaking at once: enough to hide a round trip of the relay, few enough not to queue at the server. */
const BATCH = 8;
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a calibration socket may take to close by itself after end() before it is destroyed. */
const CLOSE_GRACE_MS = 50;
/** The HTTP/2 client connection preface and an empty SETTINGS frame (RFC 9113 §3.4, §6.5). */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

type Session = Buffer | undefined;

/** One TLS connection to the target; resolves once the handshake is done (with its session ticket when asked). */
async function handshake(target: Target, session: Session, wantSession: boolean): Promise<{ socket: tls.TLSSocket; reused: boolean; session: Session }> {
  const socket = tls.connect({
    host: target.origin.hostname,
    port: Number(target.origin.port),
    ...tlsOptions(target.tls),
    ALPNProtocols: ['h2'],
    ...(session ? { session } : {}),
  });
  const ticket = wantSession ? (once(socket, 'session') as Promise<[Buffer]>) : undefined;
  const timer = setTimeout(() => socket.destroy(new Error('the calibration connection did not finish its handshake in time')), CONNECT_TIMEOUT_MS);
  try {
    await once(socket, 'secureConnect');
    const got = ticket ? (await ticket)[0] : undefined;
    return { socket, reused: socket.isSessionReused(), session: got };
  } finally {
    clearTimeout(timer);
  }
}

async function closeAll(sockets: readonly tls.TLSSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(async (s) => {
      const closed = once(s, 'close').catch(() => undefined);
      s.end();
      // The ping server keeps a socket that never sent the HTTP/2 preface open after the
      // client's FIN (measured: each batch then waited the whole fallback, 13 s for the
      // calibration with a 1 s fallback); the close_notify and FIN are out by now.
      setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
      await closed;
    }),
  );
}

/** K handshakes in batches; the server's CPU per handshake (ns), and how many were resumed. */
async function handshakeCpu(target: Target, pids: readonly number[], k: number, session: Session): Promise<{ cpuNs: number | null; reused: number }> {
  // Let the server finish whatever came before (a preflight, the last connection's close).
  await new Promise((r) => setTimeout(r, 50));
  const before = processesCpuNs(pids);
  let reused = 0;
  for (let done = 0; done < k; done += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, k - done) }, () => handshake(target, session, false)));
    reused += batch.filter((b) => b.reused).length;
    await closeAll(batch.map((b) => b.socket));
  }
  await new Promise((r) => setTimeout(r, 50));
  const after = processesCpuNs(pids);
  return { cpuNs: before !== undefined && after !== undefined ? (after - before) / k : null, reused };
}

/** N idle HTTP/2 connections at once: server RSS, client RSS and heap per connection (bytes). */
export async function idleConnectionMemory(
  target: Target,
  pids: readonly number[],
  n: number,
): Promise<{ serverRss: number | null; serverHeap: number | null; clientRss: number; clientHeap: number }> {
  collectGarbage();
  await new Promise((r) => setTimeout(r, 50));
  const serverBefore = sumOver(pids, rssBytes);
  const heapBefore = (await target.readServerMemory?.())?.heapUsedBytes;
  const clientBefore = process.memoryUsage();
  const sockets: tls.TLSSocket[] = [];
  try {
    for (let done = 0; done < n; done += BATCH) {
      const batch = await Promise.all(Array.from({ length: Math.min(BATCH, n - done) }, () => handshake(target, undefined, false)));
      for (const { socket } of batch) {
        socket.on('error', () => {});
        socket.on('data', () => {});
        socket.write(H2_PREFACE);
        sockets.push(socket);
      }
    }
    // The server's SETTINGS (and its session) follow the preface; give them a moment.
    await new Promise((r) => setTimeout(r, 200 + 2 * (target.network?.rttMs ?? 0)));
    collectGarbage();
    const serverWith = sumOver(pids, rssBytes);
    const heapWith = (await target.readServerMemory?.())?.heapUsedBytes;
    const clientWith = process.memoryUsage();
    return {
      serverRss: serverBefore !== undefined && serverWith !== undefined ? (serverWith - serverBefore) / n : null,
      serverHeap: heapBefore !== undefined && heapWith !== undefined ? (heapWith - heapBefore) / n : null,
      clientRss: (clientWith.rss - clientBefore.rss) / n,
      clientHeap: (clientWith.heapUsed - clientBefore.heapUsed) / n,
    };
  } finally {
    await closeAll(sockets);
  }
}

/** The whole calibration; undefined for a target whose server is not ours or speaks no TLS. */
export async function calibrateCosts(
  target: Target,
  options: { handshakes?: number; idleConnections?: number } = {},
): Promise<CostCalibration | undefined> {
  const pids = (await target.serverPids?.()) ?? [];
  if (pids.length === 0 || target.origin.protocol !== 'https:') return undefined;
  try {
    return await calibrate(target, pids, options.handshakes ?? DEFAULT_HANDSHAKES, options.idleConnections ?? DEFAULT_IDLE_CONNECTIONS);
  } catch {
    // The costs are an addition to the run, not a condition of it: a server that refuses
    // bare handshakes (or the calibration's bound running out) leaves them absent.
    await target.resetCounters();
    return undefined;
  }
}

async function calibrate(target: Target, pids: readonly number[], k: number, n: number): Promise<CostCalibration> {
  const first = await handshake(target, undefined, true);
  await closeAll([first.socket]);
  const full = await handshakeCpu(target, pids, k, undefined);
  const resumed = await handshakeCpu(target, pids, k, first.session);
  const memory = await idleConnectionMemory(target, pids, n);
  await target.resetCounters();
  return {
    handshakes: k,
    fullHandshakeCpuNs: full.cpuNs,
    resumedHandshakeCpuNs: resumed.reused === k ? resumed.cpuNs : null,
    resumedHandshakes: resumed.reused,
    idleConnections: n,
    serverRssPerConnectionBytes: memory.serverRss,
    serverHeapPerConnectionBytes: memory.serverHeap,
    clientRssPerConnectionBytes: memory.clientRss,
    clientHeapPerConnectionBytes: memory.clientHeap,
  };
}
