/**
 * A diagnosis rule turns the counts of one measured case into one verdict: ok, warn or
 * fail, a message with the numbers, and a fix naming the option to change. Rules judge
 * against the strategy's intent: a pool opening one connection per concurrent request
 * is doing its job; a one-connection strategy doing the same is the bug muxbench exists
 * to catch.
 */
import type { CaseResult, Severity, StrategyInfo, Verdict } from '../results.js';

/** What is known about the target, beyond what the case itself measured. */
export interface TargetFacts {
  /** The origin offers h2 in ALPN; null when nobody knows (an external URL no client reached over h2). */
  speaksH2: boolean | null;
  /**
   * How long the server keeps an idle connection open (ms) when muxbench set it; null when
   * the server is ours and closes no idle connection; absent when nobody knows.
   */
  keepAliveTimeoutMs?: number | null;
  /** The server closes connections on purpose (muxbench's --server-* options), e.g. "--server-close-after 3". */
  serverCloses?: string;
  /** What a connection costs on this run (docs/costs.md): the --rtt and the calibrated server CPU per handshake; absent when neither is known. */
  costs?: {
    rttMs?: number;
    /** Set when the case itself ran on loopback and `rttMs` is another scenario's of the same run (seed-rtt20's): the verdict says whose. */
    rttScenario?: string;
    fullHandshakeCpuNs?: number | null;
    resumedHandshakeCpuNs?: number | null;
  };
}

export interface DiagnoseInput {
  result: CaseResult;
  strategy: StrategyInfo;
  target: TargetFacts;
}

export interface Rule {
  /** Stable id, used as Verdict.rule. */
  id: string;
  /** One line for help texts: what the rule catches. */
  summary: string;
  /**
   * What a case must have for this rule's "ok" to mean anything: a request that
   * succeeded (rules about how requests used connections), or a connection (rules about
   * what connections did: ALPN, streams refused, GOAWAY). Without it the rule is not
   * judged; a warn or fail it finds anyway stands.
   */
  needs: 'success' | 'connection';
  check(input: DiagnoseInput): Verdict;
}

export function verdict(rule: string, severity: Severity, message: string, fix = ''): Verdict {
  return { rule, severity, message, fix };
}

/** "UND_ERR_SOCKET ×3, ECONNRESET ×1": counts by name, in the order given. */
export function countList(counts: ReadonlyArray<readonly [string, number]>): string {
  return counts.map(([name, n]) => `${name} ×${n}`).join(', ');
}

/** "1 connection" / "3 connections". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Connections that negotiated HTTP/2 (over TLS via ALPN, or cleartext with prior knowledge). */
export function h2Connections(alpn: Record<string, number>): number {
  return (alpn.h2 ?? 0) + (alpn.h2c ?? 0);
}

/** Connections that carried at least one request. */
export function usedConnections(result: CaseResult): number {
  return result.connections.requestsPerConnection.filter((n) => n > 0).length;
}

/**
 * Connections a one-connection client needs for the case's concurrency: 1, unless the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS is lower than the concurrency, when a client
 * may open more instead of queueing (http2-wrapper does).
 */
export function connectionsNeeded(result: CaseResult): number {
  // No limit known (or a meaningless 0): one. ceil(C / limit) is 1 for any limit ≥ C.
  const limit = result.connections.remoteMaxConcurrentStreams ?? 0;
  return (limit > 0 ? Math.ceil(result.concurrency / limit) : 1) * originsOf(result);
}

/** Origins the case's requests went to: the lifetime scenario sends `concurrency` to each of several; every other case, one. */
export function originsOf(result: CaseResult): number {
  return Math.max(1, result.lifetime?.origins ?? 1);
}
