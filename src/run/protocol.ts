/** Messages between the runner and a case's worker process (IPC). */
import type { LedgerSummary } from '../ledger/ledger.js';
import type { LatencySummary, OpenLoopSummary, RequestCounts, RoundTiming, ScenarioInfo } from '../results.js';
import type { TlsMaterial } from '../target/types.js';

export interface CaseSpec {
  scenario: ScenarioInfo;
  /** A built-in strategy id, or the id exported by `strategyFile`. */
  strategy: string;
  /** A user strategy module (--strategy-file), absolute path. */
  strategyFile?: string;
  repetition: number;
  origin: string;
  tls: TlsMaterial;
  /** Request path with `{delay}` for the server-side delay in ms. */
  pathTemplate: string;
  requestTimeoutMs: number;
  hardLimitMs: number;
  /** Open-loop load instead of closed-loop rounds (--rate/--duration). */
  openLoop?: { rateRps: number; durationMs: number };
}

export interface CaseMeasurement {
  requests: RequestCounts;
  ledger: LedgerSummary;
  latencyMs: LatencySummary;
  coldLatencyMs: LatencySummary;
  coldRoundMs: number;
  throughputRps: number;
  rounds: RoundTiming;
  durationMs: number;
  openLoop?: OpenLoopSummary;
}

export type WorkerReply =
  | { type: 'result'; measurement: CaseMeasurement }
  | { type: 'error'; code: string; message: string };

export function pathFor(template: string, delayMs: number): string {
  return template.replaceAll('{delay}', String(delayMs));
}
