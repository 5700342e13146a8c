/**
 * The harness a Bun or Deno case runs: one plain ES module (no imports from muxbench,
 * which neither runtime installs) that opens the case's client with the runtime's own
 * fetch, node:http2 or node:https, runs the scenario's closed-loop rounds (a cold round,
 * the warm-up rounds, then rounds until both the round minimum and the time budget are
 * reached, bounded by a hard limit), times every request with the runtime's own clock and
 * prints one JSON line. Connections are not counted here: the server's ledger counts them
 * (harness/harness-case.ts), because the client-side tap only sees Node's socket factories.
 */
import path from 'node:path';
import { cacheRoot } from './cache.js';
import { writeOnce } from './launch.js';

/** Built-in strategy ids the harness can express on Bun and Deno, with what each uses. */
export const HARNESS_STRATEGIES: Readonly<Record<string, string>> = {
  fetch: "the runtime's global fetch, defaults",
  'http2-single-session': 'node:http2, one session for every request',
  'http2-session-per-request': 'node:http2, one session per request, closed after it',
  'https-keepalive': 'node:https Agent({ keepAlive: true })',
};

/** What the harness reads from MUXBENCH_HARNESS. */
export interface HarnessSpec {
  strategy: string;
  origin: string;
  caPath: string;
  pathTemplate: string;
  delaysMs: number[];
  rounds: { warmup: number; min: number; maxTimeMs: number };
  requestTimeoutMs: number;
  hardLimitMs: number;
}

/** The one JSON line it prints. Latencies in ms, in the order the requests ended. */
export interface HarnessOutput {
  engine: string;
  engineVersion: string;
  /** process.versions.node as the runtime reports it (its Node compatibility level). */
  node: string;
  total: number;
  ok: number;
  errors: Record<string, number>;
  coldLatencyMs: number[];
  latencyMs: number[];
  coldRoundMs: number;
  warmupRounds: number;
  roundMs: number[];
  measuredMs: number;
  measuredOk: number;
}

export const HARNESS_SOURCE = `
import http2 from 'node:http2';
import https from 'node:https';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(process.env.MUXBENCH_HARNESS);
const ca = readFileSync(spec.caPath);
const started = performance.now();
const deadline = started + spec.hardLimitMs;
const pathFor = (d) => spec.pathTemplate.replaceAll('{delay}', String(d));
const fail = (code) => Object.assign(new Error(code), { code });

function h2request(session, path, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path });
    const timer = setTimeout(() => { req.close(); reject(fail('TIMEOUT')); }, timeoutMs);
    let status = 0;
    req.on('response', (h) => { status = Number(h[':status']); });
    req.on('data', () => {});
    req.on('end', () => { clearTimeout(timer); status >= 200 && status < 300 ? resolve() : reject(fail('HTTP_' + status)); });
    // A refused stream (above the server's limit, before its SETTINGS arrived) by its
    // RST code, as the worker's ledger names it; the server cannot count these.
    req.on('error', (e) => { clearTimeout(timer); reject(req.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM ? fail('REFUSED_STREAM') : e); });
    req.end();
  });
}

function open(strategy) {
  switch (strategy) {
    case 'fetch':
      return {
        ping: async (path, timeoutMs) => {
          const res = await fetch(new URL(path, spec.origin), { signal: AbortSignal.timeout(timeoutMs) });
          await res.arrayBuffer();
          if (!res.ok) throw fail('HTTP_' + res.status);
        },
        close: async () => {},
      };
    case 'http2-single-session': {
      const session = http2.connect(spec.origin, { ca });
      session.on('error', () => {});
      return { ping: (path, t) => h2request(session, path, t), close: () => new Promise((r) => session.close(r)) };
    }
    case 'http2-session-per-request':
      return {
        ping: async (path, t) => {
          const session = http2.connect(spec.origin, { ca });
          session.on('error', () => {});
          try { await h2request(session, path, t); } finally { session.close(); }
        },
        close: async () => {},
      };
    case 'https-keepalive': {
      const agent = new https.Agent({ keepAlive: true, ca });
      return {
        ping: (path, t) => new Promise((resolve, reject) => {
          const req = https.get(new URL(path, spec.origin), { agent, timeout: t }, (res) => {
            res.on('data', () => {});
            res.on('end', () => (res.statusCode >= 200 && res.statusCode < 300 ? resolve() : reject(fail('HTTP_' + res.statusCode))));
            res.on('error', reject);
          });
          req.on('timeout', () => req.destroy(fail('TIMEOUT')));
          req.on('error', reject);
        }),
        close: async () => agent.destroy(),
      };
    }
    default:
      throw new Error('the harness has no strategy ' + strategy);
  }
}

const client = open(spec.strategy);
const errors = {};
let total = 0;
let ok = 0;
async function round(latencies) {
  const t0 = performance.now();
  await Promise.all(spec.delaysMs.map(async (d) => {
    const r0 = performance.now();
    total += 1;
    try {
      await client.ping(pathFor(d), spec.requestTimeoutMs);
      ok += 1;
      if (latencies) latencies.push(Math.round((performance.now() - r0) * 1000) / 1000);
    } catch (e) {
      const code = String(e && (e.code || e.name) || 'ERROR');
      errors[code] = (errors[code] || 0) + 1;
    }
  }));
  return performance.now() - t0;
}

const coldLatencyMs = [];
const coldRoundMs = await round(coldLatencyMs);
let warmupRounds = 0;
while (warmupRounds < spec.rounds.warmup && performance.now() < deadline) { await round(null); warmupRounds += 1; }
const latencyMs = [];
const roundMs = [];
const okBefore = ok;
const m0 = performance.now();
while ((roundMs.length < spec.rounds.min || performance.now() - m0 < spec.rounds.maxTimeMs) && performance.now() < deadline) {
  roundMs.push(await round(latencyMs));
}
const measuredMs = performance.now() - m0;
await client.close();
const engine = typeof Bun !== 'undefined' ? 'bun' : typeof Deno !== 'undefined' ? 'deno' : 'node';
const engineVersion = engine === 'bun' ? Bun.version : engine === 'deno' ? Deno.version.deno : process.versions.node;
const out = { engine, engineVersion, node: process.versions.node, total, ok, errors, coldLatencyMs, latencyMs, coldRoundMs, warmupRounds, roundMs, measuredMs, measuredOk: ok - okBefore };
await new Promise((resolve) => process.stdout.write(JSON.stringify(out) + '\\n', resolve));
process.exit(0);
`;

let harnessFile: Promise<string> | undefined;

/** The harness in the runtime cache, content-addressed so that concurrent runs share it. */
export function harnessPath(): Promise<string> {
  harnessFile ??= writeOnce(path.join(cacheRoot(), 'harness'), 'harness', HARNESS_SOURCE);
  return harnessFile;
}
