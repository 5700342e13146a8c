/**
 * The measuring part of the Artillery engine (packages/artillery-engine-muxbench): one
 * virtual user runs a muxbench strategy's client through a shape (rounds of C concurrent
 * pings, or C kept in flight for a while), counted by muxbench's own socket tap, and the
 * counts go out as Artillery counters and latency as Artillery histograms. Artillery runs
 * it in worker threads on its own Node (≥ 22.18); this module is the compiled
 * `muxbench/artillery` entry the engine imports. See docs/distributed.md.
 */
import { readFileSync } from 'node:fs';
import { errorCode } from '../errors.js';
import { ConnectionLedger } from '../ledger/ledger.js';
import { tagParts } from '../ledger/request-tag.js';
import { installTap } from '../ledger/tap.js';
import { loadStrategy } from '../run/load-strategy.js';
import type { Strategy } from '../strategies/types.js';

/** `config.muxbench` of an Artillery script, as the engine reads it. */
export interface EngineConfig {
  /** A built-in strategy id, or the id exported by `strategyFile`. */
  strategy: string;
  /** A strategy module, resolved against the script's directory by the engine. */
  strategyFile?: string;
  shape: 'rounds' | 'sustained';
  /** Requests sent at once (rounds) or kept in flight (sustained), per virtual user. */
  concurrency: number;
  /** Rounds shape: rounds per virtual user. */
  rounds: number;
  /** Sustained shape: how long each virtual user keeps `concurrency` in flight. */
  durationMs: number;
  /** The path pinged, e.g. /ping/10. */
  path: string;
  /** PEM of the CA that signed the target's certificate (muxbench serve prints its path). */
  caPath?: string;
  /** Per request; a request still running then fails with its code. */
  requestTimeoutMs: number;
}

/** Metric names, all under `muxbench.` so they sort together in Artillery's report. */
export const METRIC = {
  opened: 'muxbench.connections.opened',
  tlsFull: 'muxbench.tls.full',
  tlsResumed: 'muxbench.tls.resumed',
  alpn: (p: string) => `muxbench.alpn.${p}`,
  ok: 'muxbench.requests.ok',
  failed: (code: string) => `muxbench.requests.failed.${code}`,
  latency: 'muxbench.latency_ms',
  peakStreams: 'muxbench.peak_streams_per_connection',
} as const;

/** What Artillery's event emitter has to offer a virtual user (`counter` and `histogram` events). */
export interface MetricEmitter {
  emit(event: 'counter' | 'histogram', name: string, value: number): unknown;
}

const SHAPES = ['rounds', 'sustained'] as const;

/** The script's `config.muxbench` checked into an EngineConfig: one line per mistake. */
export function engineConfig(raw: unknown): EngineConfig {
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const count = (key: string, fallback: number, max: number): number => {
    const v = c[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new Error(`config.muxbench.${key} must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  if (typeof c.strategy !== 'string' || c.strategy.length === 0) {
    throw new Error('config.muxbench.strategy must name a muxbench strategy, e.g. strategy: http2-single-session');
  }
  const shape = c.shape ?? 'rounds';
  if (!SHAPES.includes(shape as EngineConfig['shape'])) throw new Error(`config.muxbench.shape must be rounds or sustained, got ${JSON.stringify(shape)}`);
  const path = c.path ?? '/ping/10';
  if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`config.muxbench.path must start with /, got ${JSON.stringify(path)}`);
  return {
    strategy: c.strategy,
    ...(typeof c.strategyFile === 'string' ? { strategyFile: c.strategyFile } : {}),
    shape: shape as EngineConfig['shape'],
    concurrency: count('concurrency', 10, 10_000),
    rounds: count('rounds', 1, 100_000),
    durationMs: count('durationMs', 1000, 3_600_000),
    path,
    ...(typeof c.caPath === 'string' ? { caPath: c.caPath } : {}),
    requestTimeoutMs: count('requestTimeoutMs', 10_000, 600_000),
  };
}

/**
 * One engine per Artillery worker thread. The tap is per thread (each thread has its own
 * node:tls and node:http2), so one ledger counts every virtual user of the thread; request
 * ids come from one counter so they never collide. Counts go out as the ledger's growth
 * since the last report, at the end of every virtual user: counters add up exactly,
 * whichever virtual user a connection belonged to, because every client is closed (its
 * handshakes settled) before its virtual user reports.
 */
export class MuxbenchEngine {
  private readonly ledger = new ConnectionLedger();
  private readonly tap = installTap(this.ledger);
  private nextId = 1;
  private reported = { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} as Record<string, number>, connections: 0 };
  private readonly strategy: Promise<Strategy>;
  private readonly ca: string | undefined;

  constructor(
    private readonly config: EngineConfig,
    private readonly target: string,
  ) {
    this.strategy = loadStrategy(config.strategy, config.strategyFile);
    this.ca = config.caPath !== undefined ? readFileSync(config.caPath, 'utf8') : undefined;
  }

  /** One virtual user: opens its client as the strategy intends, runs the shape, closes, reports. */
  async virtualUser(ee: MetricEmitter): Promise<void> {
    const strategy = await this.strategy;
    const { concurrency } = this.config;
    const client = await strategy.open({
      origin: new URL(this.target),
      tls: { ca: this.ca ?? '', caPath: this.config.caPath ?? '' },
      concurrency,
      ledger: this.ledger,
    });
    const { prefix, suffix } = tagParts(this.config.path);
    const one = async (round: number): Promise<void> => {
      const id = this.nextId++;
      const path = prefix + id + suffix;
      this.ledger.requestStarted(id, round, path);
      const started = performance.now();
      try {
        await client.ping(path, AbortSignal.timeout(this.config.requestTimeoutMs));
        ee.emit('histogram', METRIC.latency, performance.now() - started);
        this.ledger.requestEnded(id);
        ee.emit('counter', METRIC.ok, 1);
      } catch (error) {
        const code = errorCode(error);
        this.ledger.requestEnded(id, code);
        ee.emit('counter', METRIC.failed(code), 1);
      }
    };
    try {
      if (this.config.shape === 'rounds') {
        for (let round = 0; round < this.config.rounds; round++) {
          await Promise.all(Array.from({ length: concurrency }, () => one(round)));
        }
      } else {
        // Bounded in time: each lane stops starting requests at the deadline.
        const deadline = performance.now() + this.config.durationMs;
        const lane = async (): Promise<void> => {
          while (performance.now() < deadline) await one(0);
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
      }
    } finally {
      await Promise.race([client.close().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
      this.report(ee);
    }
  }

  /** The ledger's growth since the last report, as counters; each new connection's peak streams as a histogram value. */
  private report(ee: MetricEmitter): void {
    const now = this.ledger.summary();
    const emitGrowth = (name: string, total: number, before: number): void => {
      if (total > before) ee.emit('counter', name, total - before);
    };
    emitGrowth(METRIC.opened, now.opened, this.reported.opened);
    emitGrowth(METRIC.tlsFull, now.tlsFull, this.reported.tlsFull);
    emitGrowth(METRIC.tlsResumed, now.tlsResumed, this.reported.tlsResumed);
    for (const [alpn, n] of Object.entries(now.alpn)) emitGrowth(METRIC.alpn(alpn), n, this.reported.alpn[alpn] ?? 0);
    for (const conn of this.ledger.connections.slice(this.reported.connections)) ee.emit('histogram', METRIC.peakStreams, conn.peakInFlight);
    this.reported = { opened: now.opened, tlsFull: now.tlsFull, tlsResumed: now.tlsResumed, alpn: { ...now.alpn }, connections: this.ledger.connections.length };
  }

  close(): void {
    this.tap.uninstall();
  }
}
