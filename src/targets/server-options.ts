/**
 * Server behaviours of the local ping server (`--server-*`, `--body-bytes`): the faults a
 * real server or proxy in front of it produces, so each client's handling of them can be
 * measured. Validated once here (one UsageError line each, exit 2); described as plain
 * settings for `results.target.server` and the report header.
 *
 * Each behaviour says which protocol it applies to: HTTP/2 has no `Connection: close`
 * or `Keep-Alive` header (RFC 9113 §8.2.2), so those are HTTP/1.1 only; a GOAWAY is
 * HTTP/2 only.
 */
import { UsageError } from '../errors.js';
import { groupNames, type GroupNames } from '../options/parse-config.js';
import { optionRange, type OptionName } from '../options/table.js';
import { HTTP2_ERROR_NAMES, http2ErrorName } from '../ledger/ledger.js';

export interface ServerBehaviour {
  /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams?: number;
  /** HTTP/2: one GOAWAY after this many requests on a session, then close once its streams are done. */
  goawayAfterRequests?: number;
  /** HTTP/2 error code of that GOAWAY; absent = NO_ERROR (graceful). */
  goawayErrorCode?: number;
  /** Close a connection idle (no request in flight) this long: HTTP/1.1 socket closed, HTTP/2 GOAWAY then close. */
  keepAliveTimeoutMs?: number;
  /** HTTP/1.1: `Keep-Alive: max=<left>` on every response, `Connection: close` on the N-th, as Apache's MaxKeepAliveRequests. */
  keepAliveMax?: number;
  /** HTTP/1.1: `Connection: close` on the N-th response of a connection (no Keep-Alive hint before it). */
  closeAfterRequests?: number;
  /** Every N-th request (counted over the whole server): the connection's socket is destroyed mid-response. */
  resetEvery?: number;
  /** Size of every 200 response body (default 5 bytes, "pong\n"). */
  bodyBytes?: number;
}

/** Largest response body (the option table's bound of --body-bytes): 64 MiB keeps a 100-request round under ~7 GB on the wire, bounded. */
export const MAX_BODY_BYTES = optionRange('body-bytes').max;

/** The server behaviours' flags: the option table's 'server' section. */
export const SERVER_FLAGS: ReadonlyArray<GroupNames<'server'>> = groupNames('server');

export type ServerFlags = { [K in GroupNames<'server'>]?: string | undefined };

function whole(flag: OptionName, raw: string | undefined, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const { min, max } = optionRange(flag);
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} takes ${what}, a whole number from ${min} to ${max}; got '${raw}'`);
  }
  return value;
}

/** --server-goaway-error: an RFC 9113 §7 error code by name, or its number. */
function goawayCode(raw: string): number {
  const name = raw.trim().toUpperCase();
  const byName = HTTP2_ERROR_NAMES.indexOf(name);
  if (byName !== -1) return byName;
  if (/^\d+$/.test(name) && Number(name) <= 0xff) return Number(name);
  throw new UsageError(`--server-goaway-error takes an HTTP/2 error code, e.g. INTERNAL_ERROR, ENHANCE_YOUR_CALM or a number from 0 to 255; got '${raw}'`);
}

/** The flags a run gave, validated; undefined when none was given. */
export function serverBehaviour(flags: ServerFlags): ServerBehaviour | undefined {
  const given = SERVER_FLAGS.filter((k) => flags[k] !== undefined);
  if (given.length === 0) return undefined;
  const b: ServerBehaviour = {};
  const set = <K extends keyof ServerBehaviour>(key: K, value: ServerBehaviour[K] | undefined): void => {
    if (value !== undefined) b[key] = value;
  };
  set('maxConcurrentStreams', whole('server-max-streams', flags['server-max-streams'], 'the streams one HTTP/2 connection may carry at once'));
  set('goawayAfterRequests', whole('server-goaway-after', flags['server-goaway-after'], 'the requests per HTTP/2 connection before the server sends GOAWAY'));
  if (flags['server-goaway-error'] !== undefined) {
    if (b.goawayAfterRequests === undefined) {
      throw new UsageError('--server-goaway-error sets the code of the GOAWAY that --server-goaway-after N sends: add --server-goaway-after N');
    }
    set('goawayErrorCode', goawayCode(flags['server-goaway-error']));
  }
  set('keepAliveTimeoutMs', whole('server-keepalive-timeout', flags['server-keepalive-timeout'], 'the milliseconds an idle connection stays open'));
  set('keepAliveMax', whole('server-keepalive-max', flags['server-keepalive-max'], 'the requests per HTTP/1.1 connection announced as Keep-Alive: max=N'));
  set('closeAfterRequests', whole('server-close-after', flags['server-close-after'], 'the requests per HTTP/1.1 connection before Connection: close'));
  set('resetEvery', whole('server-reset-every', flags['server-reset-every'], 'N: every N-th request has its connection destroyed mid-response'));
  set('bodyBytes', whole('body-bytes', flags['body-bytes'], 'the size of each response body in bytes'));
  if (b.keepAliveMax !== undefined && b.closeAfterRequests !== undefined) {
    throw new UsageError('--server-keepalive-max and --server-close-after both end HTTP/1.1 connections after N requests: choose one');
  }
  return b;
}

/** The settings as the report header and `target.server.settings` show them (flag names, plain values). */
export function behaviourSettings(b: ServerBehaviour): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (b.maxConcurrentStreams !== undefined) out['max-streams'] = b.maxConcurrentStreams;
  if (b.goawayAfterRequests !== undefined) out['goaway-after'] = b.goawayAfterRequests;
  if (b.goawayAfterRequests !== undefined) out['goaway-code'] = http2ErrorName(b.goawayErrorCode ?? 0);
  if (b.keepAliveTimeoutMs !== undefined) out['keepalive-timeout-ms'] = b.keepAliveTimeoutMs;
  if (b.keepAliveMax !== undefined) out['keepalive-max'] = b.keepAliveMax;
  if (b.closeAfterRequests !== undefined) out['close-after'] = b.closeAfterRequests;
  if (b.resetEvery !== undefined) out['reset-every'] = b.resetEvery;
  if (b.bodyBytes !== undefined) out['body-bytes'] = b.bodyBytes;
  return out;
}

/** The server's idle timeout from a results file's target settings, when the run set one. */
export function keepAliveTimeoutOf(settings: Readonly<Record<string, string | number>> | undefined): number | undefined {
  const value = settings?.['keepalive-timeout-ms'];
  return typeof value === 'number' ? value : undefined;
}
