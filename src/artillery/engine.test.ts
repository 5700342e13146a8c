/**
 * The engine's measuring part in this process (Artillery itself runs it in
 * test/artillery-engine.test.ts): virtual users that overlap in one thread still report
 * counters that add up to the server's own counts, and a bad `config.muxbench` is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget } from '../targets/start.js';
import type { Target } from '../targets/types.js';
import { engineConfig, METRIC, MuxbenchEngine, type MetricEmitter } from './engine.js';

let target: Target;
beforeAll(async () => {
  target = await startTarget({ kind: 'local', mtls: false, h2c: false });
}, 60_000);
afterAll(async () => {
  await target?.close();
});

/** What Artillery does with the events: counters summed, histogram values kept. */
function collector(): MetricEmitter & { counters: Record<string, number>; histograms: Record<string, number[]> } {
  const counters: Record<string, number> = {};
  const histograms: Record<string, number[]> = {};
  return {
    counters,
    histograms,
    emit(event, name, value) {
      if (event === 'counter') counters[name] = (counters[name] ?? 0) + value;
      else (histograms[name] ??= []).push(value);
      return true;
    },
  };
}

describe('the Artillery engine (in process)', () => {
  for (const [strategy, perUser] of [
    ['http2-single-session', 1],
    ['http2-session-per-request', 3 * 5],
  ] as const) {
    it(`${strategy}: three overlapping virtual users report what the server counted`, async () => {
      await target.resetCounters();
      const engine = new MuxbenchEngine(engineConfig({ strategy, concurrency: 5, rounds: 3, path: target.pathFor(20), caPath: target.tls.caPath }), target.origin.origin);
      const ee = collector();
      try {
        await Promise.all([engine.virtualUser(ee), engine.virtualUser(ee), engine.virtualUser(ee)]);
      } finally {
        engine.close();
      }
      const server = (await target.readCounters())!;
      expect(ee.counters[METRIC.opened]).toBe(server.accepted);
      expect(server.accepted).toBe(3 * perUser);
      expect(ee.counters[METRIC.tlsFull] ?? 0).toBe(server.tlsFull);
      expect(ee.counters[METRIC.tlsResumed] ?? 0).toBe(server.tlsResumed);
      expect(ee.counters[METRIC.alpn('h2')]).toBe(server.alpn.h2);
      expect(ee.counters[METRIC.ok]).toBe(3 * 3 * 5);
      expect(server.requestsByProtocol.h2).toBe(3 * 3 * 5);
      expect(ee.histograms[METRIC.latency]).toHaveLength(3 * 3 * 5);
      expect(ee.histograms[METRIC.peakStreams]).toHaveLength(server.accepted);
      expect(Math.max(...ee.histograms[METRIC.peakStreams]!)).toBe(server.maxConcurrentStreams);
    }, 60_000);
  }

  it('a bad config.muxbench is one line naming the key', () => {
    expect(() => engineConfig({})).toThrow(/^config\.muxbench\.strategy must name a muxbench strategy/);
    expect(() => engineConfig({ strategy: 'x', shape: 'burst' })).toThrow(/^config\.muxbench\.shape must be rounds or sustained, got "burst"$/);
    expect(() => engineConfig({ strategy: 'x', concurrency: 0 })).toThrow(/^config\.muxbench\.concurrency must be a whole number from 1 to 10000, got 0$/);
    expect(() => engineConfig({ strategy: 'x', path: 'ping' })).toThrow(/path must start with \//);
  });
});
