/**
 * Counts turned into costs, per strategy of one scenario: the round trips its new
 * connections pay before their first request, the server CPU its handshakes took (the
 * calibrated cost per full and per resumed handshake × its handshakes), and what its
 * connections held on the server at the case's peak. Plain data here; the renderers
 * word it (costLines).
 */
import type { CaseResult, CostCalibration, Results } from '../results.js';

/** A new TLS 1.3 connection pays TCP (1 round trip) and TLS (1) before its first request; a resumed TLS 1.3 handshake without 0-RTT still pays its 1. */
export const HANDSHAKE_ROUND_TRIPS = 2;

export interface StrategyCost {
  strategy: string;
  /** Means over the strategy's measured repetitions. */
  connections: number;
  coldConnections: number;
  /** Round trips spent on connection set-up over the case (2 per new TLS connection, 1 per cleartext one). */
  handshakeRoundTrips: number;
  /** The same for the connections of the cold round only: what the first C requests paid together. */
  coldRoundTrips: number;
  /** Those round trips × --rtt, ms (summed, though connections set up in parallel overlap); null without --rtt. */
  handshakeMs: number | null;
  /** Server CPU in handshakes, ms; null without a calibration. */
  serverHandshakeCpuMs: number | null;
  /** Server RSS at the case's peak over before it, bytes; null when not measured. */
  serverPeakRssBytes: number | null;
  /** The client's (worker's) RSS and heap at the case's peak over before its first request, bytes; null when not measured. */
  clientPeakRssBytes: number | null;
  clientPeakHeapBytes: number | null;
  /** Those per connection the server accepted (the client's own count where the server is not ours); null when not measured or no connection. */
  clientRssPerConnectionBytes: number | null;
  clientHeapPerConnectionBytes: number | null;
}

/** A case's client memory growth: RSS and heap at peak over before, and each per connection. */
export function clientMemoryGrowth(run: CaseResult): { rss: number; heap: number; rssPerConnection: number | null; heapPerConnection: number | null } | undefined {
  const m = run.clientMemory;
  if (!m) return undefined;
  const rss = Math.max(0, m.rssPeakBytes - m.rssBeforeBytes);
  const heap = Math.max(0, m.heapPeakBytes - m.heapBeforeBytes);
  const connections = run.connections.serverAccepted ?? run.connections.opened;
  return { rss, heap, rssPerConnection: connections > 0 ? rss / connections : null, heapPerConnection: connections > 0 ? heap / connections : null };
}

/** The mean of a per-run figure over runs, or null unless every run has it. */
function meanOrNull(values: ReadonlyArray<number | null | undefined>): number | null {
  return values.length > 0 && values.every((v): v is number => typeof v === 'number') ? mean(values) : null;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Server CPU in the case's handshakes, ms: full × the calibrated full cost + resumed × the resumed one; null without a calibration. */
export function handshakeCpuMs(run: CaseResult, costs: CostCalibration | undefined): number | null {
  if (!costs || costs.fullHandshakeCpuNs === null) return null;
  const resumed = costs.resumedHandshakeCpuNs ?? costs.fullHandshakeCpuNs;
  return (run.connections.tlsFull * costs.fullHandshakeCpuNs + run.connections.tlsResumed * resumed) / 1e6;
}

type Counts = Pick<CaseResult['connections'], 'opened' | 'tlsFull' | 'tlsResumed'>;

/** Round trips spent setting up these connections: 2 per TLS one (TCP + TLS 1.3), 1 per cleartext one. */
export function roundTrips(counts: Counts): number {
  const tls = counts.tlsFull + counts.tlsResumed;
  // A cleartext connection (h2c) pays only the TCP round trip.
  return tls * HANDSHAKE_ROUND_TRIPS + Math.max(0, counts.opened - tls);
}

/** The round trip a scenario's cases ran at: its own relay's (seed-rtt20), else the run's --rtt; undefined = loopback. */
export function scenarioRttMs(results: Pick<Results, 'target' | 'scenarios'>, scenarioId: string): number | undefined {
  return results.scenarios.find((s) => s.id === scenarioId)?.rttMs ?? results.target.rttMs;
}

export function strategyCosts(results: Results, scenarioId: string): StrategyCost[] {
  const byStrategy = new Map<string, CaseResult[]>();
  for (const run of results.runs) {
    if (run.scenario !== scenarioId || run.status !== 'ok') continue;
    const key = run.runtime?.id && (results.variants?.length ?? 0) > 1 ? `${run.strategy} on ${run.runtime.id}` : run.strategy;
    byStrategy.set(key, [...(byStrategy.get(key) ?? []), run]);
  }
  const costs = results.target.costs;
  const rtt = scenarioRttMs(results, scenarioId);
  return [...byStrategy.entries()].map(([strategy, runs]) => {
    const trips = mean(runs.map((r) => roundTrips(r.connections)));
    const cpu = runs.map((r) => handshakeCpuMs(r, costs));
    const peaks = runs.flatMap((r) => (r.serverMemory ? [Math.max(0, r.serverMemory.rssPeakBytes - r.serverMemory.rssBeforeBytes)] : []));
    return {
      strategy,
      connections: mean(runs.map((r) => r.connections.opened)),
      coldConnections: mean(runs.map((r) => r.connections.cold.opened)),
      handshakeRoundTrips: trips,
      coldRoundTrips: mean(runs.map((r) => roundTrips(r.connections.cold))),
      handshakeMs: rtt !== undefined ? trips * rtt : null,
      serverHandshakeCpuMs: cpu.every((c) => c !== null) ? mean(cpu as number[]) : null,
      serverPeakRssBytes: peaks.length === runs.length ? mean(peaks) : null,
      clientPeakRssBytes: meanOrNull(runs.map((r) => clientMemoryGrowth(r)?.rss)),
      clientPeakHeapBytes: meanOrNull(runs.map((r) => clientMemoryGrowth(r)?.heap)),
      clientRssPerConnectionBytes: meanOrNull(runs.map((r) => clientMemoryGrowth(r)?.rssPerConnection)),
      clientHeapPerConnectionBytes: meanOrNull(runs.map((r) => clientMemoryGrowth(r)?.heapPerConnection)),
    };
  });
}

const count = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const plural = (n: number, one: string, many: string): string => `${count(n)} ${n === 1 ? one : many}`;

function fmtBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/**
 * "got-h2: 3 connections → 6 handshake round trips (120 ms), 7.6 ms server CPU in handshakes, +1.2 MB server RSS at peak";
 * at a round trip the cold round's share first: "… → cold round 6 handshake round trips (120 ms), 6 in all (120 ms), …".
 */
export function costSentence(cost: StrategyCost, rttMs: number | undefined): string {
  const cold = rttMs !== undefined ? [`cold round ${plural(cost.coldRoundTrips, 'handshake round trip', 'handshake round trips')} (${fmtMs(cost.coldRoundTrips * rttMs)})`] : [];
  const all =
    rttMs !== undefined
      ? `${count(cost.handshakeRoundTrips)} in all${cost.handshakeMs !== null ? ` (${fmtMs(cost.handshakeMs)})` : ''}`
      : undefined;
  const parts = [
    ...cold,
    all ?? plural(cost.handshakeRoundTrips, 'handshake round trip', 'handshake round trips'),
    ...(cost.serverHandshakeCpuMs !== null ? [`${fmtMs(cost.serverHandshakeCpuMs)} server CPU in handshakes`] : []),
    ...(cost.serverPeakRssBytes !== null ? [`+${fmtBytes(cost.serverPeakRssBytes)} server RSS at peak`] : []),
    ...(cost.clientPeakRssBytes !== null && cost.clientPeakHeapBytes !== null
      ? [
          // The growth holds the client's own warm-up and requests in flight too (docs/costs.md): "each" only when
          // there is more than one connection to share it, so one connection does not read as costing megabytes.
          `client +${fmtBytes(cost.clientPeakRssBytes)} RSS, +${fmtBytes(cost.clientPeakHeapBytes)} heap at peak${
            cost.connections > 1 && cost.clientRssPerConnectionBytes !== null && cost.clientHeapPerConnectionBytes !== null
              ? ` (over ${count(cost.connections)} connections: ${fmtBytes(cost.clientRssPerConnectionBytes)} RSS, ${fmtBytes(cost.clientHeapPerConnectionBytes)} heap each)`
              : ''
          }`,
        ]
      : []),
  ];
  return `${cost.strategy}: ${plural(cost.connections, 'connection', 'connections')} → ${parts.join(', ')}`;
}

/** The calibration in one line: "per connection on this server: full handshake 1.9 ms CPU, resumed 0.6 ms; 41 KB RSS, 12 KB heap; client 30 KB RSS". */
export function calibrationLine(costs: CostCalibration | undefined): string | undefined {
  if (!costs) return undefined;
  const cpu = (ns: number | null): string => (ns === null ? 'n/a' : fmtMs(ns / 1e6));
  const parts = [
    `full TLS handshake ${cpu(costs.fullHandshakeCpuNs)} server CPU, resumed ${costs.resumedHandshakeCpuNs !== null ? cpu(costs.resumedHandshakeCpuNs) : `n/a (${costs.resumedHandshakes}/${costs.handshakes} resumed)`}`,
    `an open connection ${costs.serverRssPerConnectionBytes !== null ? fmtBytes(Math.max(0, costs.serverRssPerConnectionBytes)) : 'n/a'} server RSS${costs.serverHeapPerConnectionBytes !== null ? ` (${fmtBytes(Math.max(0, costs.serverHeapPerConnectionBytes))} heap)` : ''}, ${fmtBytes(Math.max(0, costs.clientRssPerConnectionBytes))} client RSS (${fmtBytes(Math.max(0, costs.clientHeapPerConnectionBytes))} heap)`,
  ];
  return `cost per connection (calibrated over ${costs.handshakes} handshakes and ${costs.idleConnections} idle connections): ${parts.join('; ')}`;
}

/** The cost block of one scenario (the calibration is stated once, in the header); empty for a run with neither --rtt nor a calibration. */
export function costLines(results: Results, scenarioId: string): string[] {
  // Without a round trip or a calibration there is nothing to add to the counts the table already has.
  const rtt = scenarioRttMs(results, scenarioId);
  if (rtt === undefined && results.target.costs === undefined) return [];
  const costs = strategyCosts(results, scenarioId);
  if (costs.length === 0) return [];
  return [`costs${rtt !== undefined ? ` at RTT ${rtt} ms (round trips × RTT, summed over connections)` : ''}:`, ...costs.map((c) => `  ${costSentence(c, rtt)}`)];
}

/**
 * The run's costs at a real round trip in one line, for the header: per scenario with a
 * round trip (seed-rtt20, or every scenario under --rtt), what each strategy's cold round
 * paid in handshake round trips. "seed-rtt20 at RTT 20 ms, cold round: http2-single-session
 * 2 handshake round trips (40 ms), https-keepalive 6 (120 ms), …"; undefined without one.
 */
export function rttCostLine(results: Results): string | undefined {
  const parts = results.scenarios.flatMap((scenario) => {
    const rtt = scenarioRttMs(results, scenario.id);
    if (rtt === undefined) return [];
    const costs = strategyCosts(results, scenario.id);
    if (costs.length === 0) return [];
    const each = costs.map((c, i) => `${c.strategy} ${i === 0 ? plural(c.coldRoundTrips, 'handshake round trip', 'handshake round trips') : count(c.coldRoundTrips)} (${fmtMs(c.coldRoundTrips * rtt)})`);
    return [`${scenario.id} at RTT ${rtt} ms, cold round: ${each.join(', ')}`];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}
