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
  /** Those round trips × --rtt, ms (summed, though connections set up in parallel overlap); null without --rtt. */
  handshakeMs: number | null;
  /** Server CPU in handshakes, ms; null without a calibration. */
  serverHandshakeCpuMs: number | null;
  /** Server RSS at the case's peak over before it, bytes; null when not measured. */
  serverPeakRssBytes: number | null;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function handshakeCpuMs(run: CaseResult, costs: CostCalibration | undefined): number | null {
  if (!costs || costs.fullHandshakeCpuNs === null) return null;
  const resumed = costs.resumedHandshakeCpuNs ?? costs.fullHandshakeCpuNs;
  return (run.connections.tlsFull * costs.fullHandshakeCpuNs + run.connections.tlsResumed * resumed) / 1e6;
}

function roundTrips(run: CaseResult): number {
  const tls = run.connections.tlsFull + run.connections.tlsResumed;
  // A cleartext connection (h2c) pays only the TCP round trip.
  return tls * HANDSHAKE_ROUND_TRIPS + Math.max(0, run.connections.opened - tls);
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
    const trips = mean(runs.map(roundTrips));
    const cpu = runs.map((r) => handshakeCpuMs(r, costs));
    const peaks = runs.flatMap((r) => (r.serverMemory ? [Math.max(0, r.serverMemory.rssPeakBytes - r.serverMemory.rssBeforeBytes)] : []));
    return {
      strategy,
      connections: mean(runs.map((r) => r.connections.opened)),
      coldConnections: mean(runs.map((r) => r.connections.cold.opened)),
      handshakeRoundTrips: trips,
      handshakeMs: rtt !== undefined ? trips * rtt : null,
      serverHandshakeCpuMs: cpu.every((c) => c !== null) ? mean(cpu as number[]) : null,
      serverPeakRssBytes: peaks.length === runs.length ? mean(peaks) : null,
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

/** "got-h2: 3 connections → 6 handshake round trips (120 ms at RTT 20 ms, summed), 4.1 ms server CPU in handshakes, +1.2 MB server RSS at peak" */
export function costSentence(cost: StrategyCost, rttMs: number | undefined): string {
  const parts = [
    `${plural(cost.handshakeRoundTrips, 'handshake round trip', 'handshake round trips')}${cost.handshakeMs !== null && rttMs !== undefined ? ` (${fmtMs(cost.handshakeMs)})` : ''}`,
    ...(cost.serverHandshakeCpuMs !== null ? [`${fmtMs(cost.serverHandshakeCpuMs)} server CPU in handshakes`] : []),
    ...(cost.serverPeakRssBytes !== null ? [`+${fmtBytes(cost.serverPeakRssBytes)} server RSS at peak`] : []),
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
