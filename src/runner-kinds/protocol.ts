/**
 * Messages between the runner and a case's worker process (IPC). `WorkerReply` is also what
 * every other runner kind (client-cmd/, reference/, harness/) hands back for its case.
 */
import type { LedgerSummary } from '../ledger/ledger.js';
import type { CaseClientMemory, CaseResult, OpenLoopSummary, PhaseBreakdown, RuntimeInfo, ScenarioInfo } from '../results.js';
import type { CaseTrace } from '../trace/collector.js';
import type { TlsMaterial } from '../targets/types.js';
import type { LifetimeMarks } from '../targets/server-lifetime.js';

export interface CaseSpec {
  scenario: ScenarioInfo;
  /** A built-in strategy id, or the id exported by `strategyFile`. */
  strategy: string;
  /** A user strategy module (--strategy-file), absolute path. */
  strategyFile?: string;
  repetition: number;
  origin: string;
  /** The target's origins, `origin` first, when it has several (the lifetime scenario spreads over them). */
  origins?: string[];
  tls: TlsMaterial;
  /** Request path with `{delay}` for the server-side delay in ms. */
  pathTemplate: string;
  requestTimeoutMs: number;
  hardLimitMs: number;
  /** Send every request's trace back with the result (muxbench trace, --trace-file). */
  trace?: boolean;
  /** Open-loop load instead of closed-loop rounds (--rate/--duration). */
  openLoop?: { rateRps: number; durationMs: number };
  /** --debug: keep the first stack of each error code of the failed requests. */
  debug?: boolean;
}

/** What a worker measured: the CaseResult fields it owns, plus the raw ledger summary. */
export interface CaseMeasurement
  extends Pick<CaseResult, 'requests' | 'errorDetails' | 'latencyMs' | 'coldLatencyMs' | 'coldRoundMs' | 'throughputRps' | 'rounds' | 'durationMs' | 'histograms'> {
  ledger: LedgerSummary;
  phases?: PhaseBreakdown;
  /**
   * The worker's CPU over the measured phase (workload/rounds.ts, sustained.ts): `ms` is
   * user + system; `userUs`/`systemUs` its parts (absent from older workers). Becomes
   * CaseResult.cpu.client.
   */
  measuredCpu?: { ms: number; requests: number; userUs?: number; systemUs?: number };
  openLoop?: OpenLoopSummary;
  /** The worker's own memory over the case (costs/client-memory.ts); becomes CaseResult.clientMemory. */
  clientMemory?: CaseClientMemory;
  /** The lifetime scenario: when its bursts ran and when it ended (epoch ms), for the server's count (targets/server-lifetime.ts). */
  lifetimeMarks?: LifetimeMarks;
}

export type WorkerReply =
  /**
   * `concurrency`: set by runners that do not choose it themselves. An external client
   * command sends what it sends; when the server saw fewer requests than --concurrency,
   * the case is judged (and labelled) at the number it really sent.
   */
  | { type: 'result'; measurement: CaseMeasurement; trace?: CaseTrace; runtime?: RuntimeInfo; concurrency?: number }
  | { type: 'error'; code: string; message: string; runtime?: RuntimeInfo };

export function pathFor(template: string, delayMs: number): string {
  return template.replaceAll('{delay}', String(delayMs));
}
