/**
 * Every field of a case comes out of `muxbench merge`, or is listed as dropped on purpose
 * (CASE_FIELDS and the tables beside it in merge.ts, which the typecheck holds to the
 * results types). The inputs are two real runs of the lifetime scenario, each "host" with
 * its own ping server as two machines would have: lifetime, CPU and server memory figures
 * from the server, a request body (--request-bytes) and an --rtt relay for their counts.
 * What one short local run cannot produce (an external client, a Bun/Deno harness,
 * open-loop load, failed requests, nginx's access log) is planted in the real cases' shape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../index.js';
import type { CaseResult, Results } from '../results.js';
import { CASE_FIELDS, CONNECTION_FIELDS, CPU_FIELDS, LIFETIME_FIELDS, type MergeDisposition, mergeResults, SERVER_FIELDS } from './merge.js';

let a: Results;
let b: Results;

/** One host's run: bursts to 3 origins of its own server with two 50 ms gaps. */
function host(): Promise<Results> {
  return run({
    scenario: 'lifetime',
    'lifetime-gaps': '50,50',
    strategies: 'http2-single-session',
    repetitions: '1',
    'request-bytes': '64',
    rtt: '1',
    'no-write': true,
    stdout: () => {},
  });
}

/** The fields no short local closed-loop run carries, in the shape the runner writes them. */
function plant(results: Results, n: number): Results {
  const copy = structuredClone(results);
  const c = copy.runs[0]!;
  c.error = { code: 'ERR_PLANTED', message: `host ${n}: planted` };
  c.skipReason = `host ${n}: planted`;
  c.errorDetails = { TypeError: { count: n, messages: [`host ${n}: planted`] } };
  c.notJudged = [{ rule: 'planted-rule', reason: n === 1 ? 'no request succeeded' : 'no connection' }];
  c.openLoop = {
    rateRps: 100,
    durationMs: 1000,
    maxInFlight: 4,
    maxBacklog: 0,
    scheduled: 100,
    sent: 100,
    late: 0,
    lateThresholdMs: 10,
    dropped: 0,
    maxLagMs: 1,
    correctedLatencyMs: c.latencyMs,
    uncorrectedLatencyMs: c.latencyMs,
  };
  c.client = { command: 'planted', argv: ['planted'], exitCode: 0, signal: null, timedOut: false, timeoutMs: 1000, wallMs: 10, stderrTail: [], serverView: '', latencySource: 'server' };
  c.harness = { engine: 'bun', argv: ['bun'], exitCode: 0, wallMs: 10, stderrTail: [], countsSource: 'server', latencySource: 'runtime' };
  c.connections.server!.loggedConnections = c.connections.server!.accepted;
  return copy;
}

/** For each field of `table`: every input carries the ones merged (else this test proves nothing of them), and the merge keeps them. */
function expectFields(path: string, table: Record<string, MergeDisposition>, inputs: readonly object[], merged: object): void {
  for (const [field, how] of Object.entries(table)) {
    if (how === 'dropped') {
      expect(field in merged, `${path}.${field} is listed as dropped but the merge keeps it`).toBe(false);
      continue;
    }
    for (const input of inputs) expect(field in input, `${path}.${field}: no input carries it; make host() or plant() carry it`).toBe(true);
    expect(field in merged, `${path}.${field} is listed as merged but the merge drops it`).toBe(true);
  }
}

beforeAll(async () => {
  a = await host();
  b = await host();
}, 120_000);

describe('muxbench merge keeps every field of a case', () => {
  it('every field listed as merged comes out of merging two real cases', () => {
    const inputs = [plant(a, 1), plant(b, 2)];
    const merged = mergeResults(
      inputs.map((results, i) => ({ file: `host-${i + 1}.json`, results })),
      { command: 'test', toolVersion: '0' },
    ).runs[0]!;
    const cases = inputs.map((r) => r.runs[0]!);
    expectFields('runs[]', CASE_FIELDS, cases, merged);
    expectFields('connections', CONNECTION_FIELDS, cases.map((c) => c.connections), merged.connections);
    expectFields('connections.server', SERVER_FIELDS, cases.map((c) => c.connections.server!), merged.connections.server!);
    expectFields('lifetime', LIFETIME_FIELDS, cases.map((c) => c.lifetime!), merged.lifetime!);
    expectFields('cpu.client', CPU_FIELDS, cases.map((c) => c.cpu!.client!), merged.cpu!.client!);
    // A rule only one host could not judge names it, as a verdict does.
    expect(merged.notJudged).toEqual([
      { rule: 'planted-rule', reason: 'host 1: no request succeeded' },
      { rule: 'planted-rule', reason: 'host 2: no connection' },
    ]);
  });

  it('lifetime counts add per host, per mark and per origin, and still equal the servers accepts', () => {
    const merged = mergeResults(
      [
        { file: 'a.json', results: a },
        { file: 'b.json', results: b },
      ],
      { command: 'test', toolVersion: '0' },
    ).runs[0]!;
    const [la, lb] = [a, b].map((r) => r.runs[0]!.lifetime!) as [NonNullable<CaseResult['lifetime']>, NonNullable<CaseResult['lifetime']>];
    const l = merged.lifetime!;
    expect(l.origins).toBe(3);
    expect(l.gapsMs).toEqual([50, 50]);
    expect(l.opened).toBe(la.opened + lb.opened);
    // Truth: the servers' own accept counters, added.
    expect(l.opened).toBe(merged.connections.server!.accepted);
    expect(l.peakOpen).toBe(la.peakOpen + lb.peakOpen);
    expect(l.openAtEnd).toBe(la.openAtEnd + lb.openAtEnd);
    expect(l.closedByClient).toBe(la.closedByClient + lb.closedByClient);
    expect(l.closedByServer).toBe(la.closedByServer + lb.closedByServer);
    expect(l.openOverTime.map((p) => p.label)).toEqual(['burst 1 start', 'burst 1 end', 'burst 2 start', 'burst 2 end', 'end']);
    l.openOverTime.forEach((p, i) => {
      expect(p.open, p.label).toBe(la.openOverTime[i]!.open + lb.openOverTime[i]!.open);
      expect(p.atMs, p.label).toBe(Math.max(la.openOverTime[i]!.atMs, lb.openOverTime[i]!.atMs));
    });
    expect(l.perOrigin.map((o) => o.origin)).toEqual([0, 1, 2]);
    l.perOrigin.forEach((o, i) => {
      for (const k of ['opened', 'peakOpen', 'closedByClient', 'closedByServer', 'openAtEnd'] as const) expect(o[k], `origin ${i} ${k}`).toBe(la.perOrigin[i]![k] + lb.perOrigin[i]![k]);
    });
    const idle = [la.openAtEndMinIdleMs, lb.openAtEndMinIdleMs].filter((ms): ms is number => ms !== null);
    expect(l.openAtEndMinIdleMs).toBe(idle.length > 0 ? Math.min(...idle) : null);
    // The one-session strategy keeps its session per origin on each host.
    expect(l.openAtEnd).toBe(6);

    // CPU per request: the request-weighted mean of the hosts.
    for (const side of ['client', 'server'] as const) {
      const [ca, cb] = [a, b].map((r) => r.runs[0]!.cpu![side]!);
      const m = merged.cpu![side]!;
      expect(m.requests).toBe(ca!.requests + cb!.requests);
      expect(m.totalUs).toBeCloseTo(ca!.totalUs + cb!.totalUs, 6);
      expect(m.usPerRequest).toBeCloseTo((ca!.usPerRequest * ca!.requests + cb!.usPerRequest * cb!.requests) / (ca!.requests + cb!.requests), 6);
    }
    // Each host's own server: memory, body bytes and relay accepts add.
    const [ma, mb] = [a, b].map((r) => r.runs[0]!.serverMemory!);
    expect(merged.serverMemory).toEqual({ rssBeforeBytes: ma!.rssBeforeBytes + mb!.rssBeforeBytes, rssPeakBytes: ma!.rssPeakBytes + mb!.rssPeakBytes });
    // Each host's own client worker: memory adds, the coarsest sampling interval stands.
    const [wa, wb] = [a, b].map((r) => r.runs[0]!.clientMemory!);
    expect(merged.clientMemory).toEqual({
      rssBeforeBytes: wa!.rssBeforeBytes + wb!.rssBeforeBytes,
      rssPeakBytes: wa!.rssPeakBytes + wb!.rssPeakBytes,
      heapBeforeBytes: wa!.heapBeforeBytes + wb!.heapBeforeBytes,
      heapPeakBytes: wa!.heapPeakBytes + wb!.heapPeakBytes,
      sampleMs: Math.max(wa!.sampleMs, wb!.sampleMs),
    });
    expect(merged.connections.server!.requestBodyBytes).toBe(a.runs[0]!.connections.server!.requestBodyBytes! + b.runs[0]!.connections.server!.requestBodyBytes!);
    expect(merged.connections.relayAccepted).toBe(a.runs[0]!.connections.relayAccepted! + b.runs[0]!.connections.relayAccepted!);
  });

  it('CPU per request weighs each host by its requests', () => {
    // Hosts of one command run the same requests; a host that measured 3× as many at twice the cost weighs 3×.
    const heavier = structuredClone(b);
    const cpu = heavier.runs[0]!.cpu!.client!;
    const ca = a.runs[0]!.cpu!.client!;
    Object.assign(cpu, { requests: 3 * ca.requests, totalUs: 6 * ca.totalUs, usPerRequest: 2 * ca.usPerRequest, userUs: 6 * ca.userUs!, systemUs: 6 * ca.systemUs! });
    const merged = mergeResults(
      [
        { file: 'a.json', results: a },
        { file: 'b.json', results: heavier },
      ],
      { command: 'test', toolVersion: '0' },
    ).runs[0]!;
    const m = merged.cpu!.client!;
    expect(m.requests).toBe(4 * ca.requests);
    expect(m.usPerRequest).toBeCloseTo(((1 + 3 * 2) / 4) * ca.usPerRequest, 6);
    expect(m.userUs! + m.systemUs!).toBeCloseTo(m.totalUs, 3);
  });

  it('idle times of connections the clients closed concatenate, host by host, up to 1000', () => {
    const closing = (r: Results, from: number): Results => {
      const copy = structuredClone(r);
      copy.runs[0]!.lifetime!.closedByClientIdleMs = Array.from({ length: 700 }, (_, i) => from + i);
      return copy;
    };
    const merged = mergeResults(
      [
        { file: 'a.json', results: closing(a, 0) },
        { file: 'b.json', results: closing(b, 10_000) },
      ],
      { command: 'test', toolVersion: '0' },
    ).runs[0]!;
    const idle = merged.lifetime!.closedByClientIdleMs;
    expect(idle).toHaveLength(1000);
    expect(idle.slice(698, 702)).toEqual([698, 699, 10_000, 10_001]);
  });
});
