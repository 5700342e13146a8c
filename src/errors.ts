/**
 * Errors that reach the user. Each carries a stable `code` (like undici/got) and an
 * optional `cause`, and the CLI maps the kind to an exit code:
 * UsageError -> 2 (the command line is wrong), RunError -> 1 (the run could not be done).
 *
 * Every code muxbench gives an error of its own, with what it means: the one list a user
 * can match on (`error.code`, `requests.errors` keys, a case's `error.code`). A new code
 * goes here first; the compiler then accepts it at the throw site, and
 * src/errors.test.ts checks that no code is thrown that is not listed, and none is listed that is not used.
 */
export const ERROR_CODES = {
  MUXBENCH_USAGE: 'the command line is wrong (exit 2)',
  MUXBENCH_BAD_RESULTS: 'a results file is not JSON or not a muxbench results file',
  MUXBENCH_SCHEMA: 'a results file was written by another schema version',
  MUXBENCH_STRATEGY_FILE: 'a --strategy-file cannot be loaded or exports no strategy',
  MUXBENCH_UNKNOWN_STRATEGY: 'no built-in strategy has that id',
  MUXBENCH_CASE_TIMEOUT: "a case's worker did not report within its time bound",
  MUXBENCH_WORKER: "a case's worker process could not be started",
  MUXBENCH_WORKER_EXIT: "a case's worker exited before it reported",
  MUXBENCH_CERTS_FAILED: 'openssl failed to generate the local certificates',
  MUXBENCH_CERTS_INVALID: 'the generated certificates are not usable',
  MUXBENCH_CERTS_MISSING: 'a certificate file does not exist',
  MUXBENCH_NO_OPENSSL: 'openssl is not on the PATH',
  MUXBENCH_NGINX_MISSING: 'nginx is not installed',
  MUXBENCH_NGINX_START: 'nginx did not start',
  MUXBENCH_NGINX_STATUS: "nginx's stub_status did not answer as expected",
  MUXBENCH_NGINX_VERSION: 'the nginx version could not be read',
  MUXBENCH_RELAY_START: 'the --rtt relay in front of the target did not start',
  MUXBENCH_RELAY_EXITED: 'the --rtt relay exited or stopped answering during the run',
  MUXBENCH_PREFLIGHT: 'the target cannot be reached, or refuses the client',
  MUXBENCH_PREFLIGHT_TIMEOUT: "the target did not answer the preflight request in time",
  MUXBENCH_RUNTIME_INSTALL: 'a runtime or library set could not be installed from the npm registry',
  MUXBENCH_SERVER_EXITED: 'the local ping server exited',
  MUXBENCH_SERVER_IPC: "the local ping server's reply lacked its counters or ledger",
  MUXBENCH_SERVER_START: 'the local ping server did not start',
  MUXBENCH_TRACE_FILE: 'the --trace-file cannot be written',
  MUXBENCH_INTERRUPTED: 'SIGINT/SIGTERM stopped the case; the run is marked interrupted (docs/faults.md)',
  MUXBENCH_STRATEGY_TIMEOUT: 'a --strategy-file did not finish loading within its bound (a top-level await that never settles)',
  MUXBENCH_BASE_TREE: 'the previous client of --base-ref could not be taken out of git (git archive or tar failed)',
  MUXBENCH_WRITE: 'the results files could not be written mid-run (disk full, directory removed)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class MuxbenchError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
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
 * What a thrown value says, on one line: its message, and its cause's when that adds
 * something (fetch's "fetch failed" says nothing without "connect ECONNREFUSED …").
 * Whitespace is collapsed so a message fits a table note and a JSON line.
 */
export function errorMessage(error: unknown): string {
  let text: string;
  if (error instanceof Error || (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string')) {
    const e = error as { message: string; cause?: unknown };
    text = e.message;
    const cause = e.cause;
    if (cause !== undefined && cause !== error) {
      const inner = errorMessage(cause);
      if (inner !== '' && !text.includes(inner)) text = text === '' ? inner : `${text} (cause: ${inner})`;
    }
  } else {
    text = String(error);
  }
  return text.replace(/\s+/g, ' ').trim();
}
