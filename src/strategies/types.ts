/**
 * A connection strategy: one way a team might configure its HTTP client. Each strategy
 * runs with its library's defaults except what its `configuration` line names (docs/architecture.md, "Strategies"), because the
 * point is to measure what the defaults really do.
 */
import type { ConnectionLedger } from '../ledger/ledger.js';
import type { StrategyInfo } from '../results.js';
import type { TlsMaterial } from '../targets/types.js';

export interface StrategyContext {
  /** The server, e.g. https://127.0.0.1:8443 */
  origin: URL;
  /** CA to verify the server with, and the client certificate when the target wants mutual TLS. */
  tls: TlsMaterial;
  /** How many requests a round sends at once; strategies that must size a pool use it. */
  concurrency: number;
  /** The client-side ledger. Built-in libraries are counted by the tap; other libraries can call it. */
  ledger: ConnectionLedger;
  /** An http:// origin that speaks only HTTP/2 with prior knowledge (no HTTP/1.1), e.g. nginx 1.22's `listen … http2` without ssl. */
  h2cOnly?: boolean;
  /**
   * --request-bytes: every ping is a POST carrying exactly this body (the same buffer each
   * time, so building it costs nothing per request); undefined = a GET without a body.
   */
  requestBody?: Buffer;
}

export interface StrategyClient {
  /** One GET of `path` (a POST of `ctx.requestBody` when set). Resolves when the whole response body has arrived; rejects on any failure or non-2xx. */
  ping(path: string, signal: AbortSignal): Promise<void>;
  /** Close every connection the client holds. */
  close(): Promise<void>;
}

export interface Strategy extends StrategyInfo {
  /** What is configured, in one line, for --help and reports. */
  configuration: string;
  /** Environment the worker process must start with (Node's fetch reads its CA only at start-up). */
  processEnv?(tls: TlsMaterial): Record<string, string>;
  /** A reason this strategy cannot run against this target, or undefined when it can. */
  unsupported?(ctx: Pick<StrategyContext, 'origin' | 'tls' | 'h2cOnly'>): string | undefined;
  open(ctx: StrategyContext): Promise<StrategyClient>;
}

/** A non-2xx answer. Its code keys `requests.errors`, e.g. HTTP_503. */
export class HttpStatusError extends Error {
  readonly code: string;
  constructor(readonly status: number) {
    super(`server answered HTTP ${status}`);
    this.code = `HTTP_${status}`;
  }
}

export function checkStatus(status: number): void {
  if (status < 200 || status > 299) throw new HttpStatusError(status);
}

// The targets' helper, also part of what a strategy file imports (strategy-helpers.ts).
export { tlsOptions } from '../targets/tls-options.js';

/** For HTTP/1.1-only strategies: why they cannot run against an h2c-only origin. */
export function h1Unsupported(ctx: Pick<StrategyContext, 'origin' | 'h2cOnly'>): string | undefined {
  return ctx.origin.protocol === 'http:' && ctx.h2cOnly === true
    ? 'HTTP/1.1 only, and this cleartext origin speaks only HTTP/2 with prior knowledge (h2c)'
    : undefined;
}
