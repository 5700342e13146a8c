/**
 * Errors that reach the user. Each carries a stable `code` (like undici/got) and an
 * optional `cause`, and the CLI maps the kind to an exit code:
 * UsageError -> 2 (the command line is wrong), RunError -> 1 (the run could not be done).
 */
export class MuxbenchError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The command line is wrong: exit 2. The message says what to do instead. */
export class UsageError extends MuxbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MUXBENCH_USAGE', message, options);
  }
}

/** The run could not be carried out (target unreachable, TLS failure, missing tool): exit 1. */
export class RunError extends MuxbenchError {}

/** A short, stable name for any thrown value, used as the key of `requests.errors`. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && e.code.length > 0) return e.code;
    // fetch wraps the real network error in `cause`
    if (e.cause !== undefined && e.cause !== error) {
      const inner = errorCode(e.cause);
      if (inner !== 'Error') return inner;
    }
    if (typeof e.name === 'string' && e.name.length > 0) return e.name;
  }
  return 'Error';
}

/**
 * Codes for faults of the run itself (issue #13), as they appear in results (`error.code`,
 * `requests.errors`) and on stderr. Stable: tools may match on them.
 */
export const RUN_FAULT_CODES = {
  /** SIGINT/SIGTERM stopped the case; the run is marked `interrupted` (docs/faults.md). */
  interrupted: 'MUXBENCH_INTERRUPTED',
  /** A --strategy-file did not finish loading within its bound (a top-level await that never settles). */
  strategyLoadTimeout: 'MUXBENCH_STRATEGY_TIMEOUT',
  /** The results files could not be written mid-run (disk full, directory removed). */
  resultsWrite: 'MUXBENCH_WRITE',
} as const;
