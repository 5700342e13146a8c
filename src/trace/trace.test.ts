/**
 * The trace of every built-in strategy on the seed scenario: every request's events are
 * complete and in order, every connection's dial appears exactly once (and matches the
 * server's accepted count), and the phases add up per request.
 */
import { describe, expect, it } from 'vitest';
import { measure, type Measured } from '../../test/support/measure.js';
import { strategies } from '../strategies/registry.js';
import { traceEvents, type TraceEvent, type TraceEventName } from './events.js';
import { allRequestPhases, phaseBreakdown } from './phases.js';

const REQUIRED: TraceEventName[] = ['getConn', 'gotConn', 'wroteHeaders', 'gotFirstResponseByte', 'done'];
const DIAL: TraceEventName[] = ['connectStart', 'connectDone', 'tlsHandshakeStart', 'tlsHandshakeDone'];
/** Pairs (a, b): a must not come after b. */
const BEFORE: Array<[TraceEventName, TraceEventName]> = [
  ['getConn', 'gotConn'],
  ['connectStart', 'connectDone'],
  ['connectDone', 'tlsHandshakeStart'],
  ['tlsHandshakeStart', 'tlsHandshakeDone'],
  ['tlsHandshakeDone', 'wroteHeaders'],
  // httptrace: GotConn once the connection is usable, i.e. after its dial and handshake.
  ['connectDone', 'gotConn'],
  ['tlsHandshakeDone', 'gotConn'],
  ['gotConn', 'wroteHeaders'],
  ['wroteHeaders', 'gotFirstResponseByte'],
  ['gotFirstResponseByte', 'done'],
];

describe('trace of every built-in strategy (seed scenario)', () => {
  let m: Measured;
  it('runs the cases', async () => {
    m = await measure({ scenario: 'seed', strategies: strategies.map((s) => s.id) });
    for (const run of m.results.runs) expect(run.status, `${run.strategy}: ${run.error?.message}`).toBe('ok');
  }, 120_000);

  for (const strategy of strategies) {
    it(`${strategy.id}: events complete and ordered, phases add up`, () => {
      const run = m.run(strategy.id);
      const trace = m.traces.get(run);
      if (!trace) throw new Error('no trace');
      expect(run.requests.failed).toBe(0);
      const events = traceEvents(trace, { scenario: run.scenario, strategy: run.strategy, repetition: 0 });
      const byRequest = new Map<number, TraceEvent[]>();
      for (const e of events) {
        if (e.request === null) continue;
        byRequest.set(e.request, [...(byRequest.get(e.request) ?? []), e]);
      }
      expect(byRequest.size).toBe(run.requests.total);
      for (const [id, list] of byRequest) {
        const names = list.map((e) => e.event);
        for (const name of REQUIRED) expect(names, `request ${id}`).toContain(name);
        expect(names[0]).toBe('getConn');
        expect(names.at(-1)).toBe('done');
        const times = list.map((e) => e.t);
        expect(times, `request ${id} times`).toEqual([...times].sort((a, b) => a - b));
        const at = (n: TraceEventName): number | undefined => list.find((e) => e.event === n)?.t;
        for (const [a, b] of BEFORE) {
          const ta = at(a);
          const tb = at(b);
          if (ta !== undefined && tb !== undefined) expect(ta, `request ${id}: ${a} before ${b}`).toBeLessThanOrEqual(tb);
        }
        const got = list.find((e) => e.event === 'gotConn');
        if (got?.event === 'gotConn' && !got.reused) {
          // The request that got a new connection carries its dial, TLS included.
          for (const name of DIAL) expect(names, `request ${id} dial`).toContain(name);
        }
      }
      // Every connection's dial appears exactly once, and the server accepted as many.
      const dials = events.filter((e) => e.event === 'connectStart').length;
      expect(dials).toBe(trace.connections.length);
      expect(dials).toBe(run.connections.serverAccepted);
      expect(events.filter((e) => e.event === 'tlsHandshakeDone').length).toBe(run.connections.tlsFull + run.connections.tlsResumed);

      for (const p of allRequestPhases(trace)) {
        expect(p.connectMs + p.tlsMs, `request ${p.request}`).toBeLessThanOrEqual(p.ttfbMs + 1e-9);
        expect(p.ttfbMs).toBeLessThanOrEqual(p.totalMs);
      }
      const breakdown = phaseBreakdown(trace);
      expect(breakdown).toEqual(run.phasesMs);
      expect(breakdown.uncorrelated).toBe(0);
      expect(breakdown.newConnection.requests + breakdown.reused.requests).toBe(run.requests.ok);
      expect(breakdown.newConnection.requests).toBe(run.connections.requestsPerConnection.filter((n) => n > 0).length);
    });
  }
});
