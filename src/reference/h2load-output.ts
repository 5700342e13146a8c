/**
 * Parsing h2load's output (nghttp2 1.52) and its --log-file. Pure: tested on captured
 * text. The log file has one line per request: start time (µs since the epoch), HTTP
 * status, duration (µs), so latency percentiles come from every request, not from the
 * min/mean/max/sd summary h2load prints.
 */

export interface H2loadSummary {
  /** Wall time of the whole run, including connecting. */
  finishedMs: number;
  /** h2load's own rate: successful requests per second over `finishedMs`. */
  reqPerSec: number;
  total: number;
  started: number;
  done: number;
  succeeded: number;
  failed: number;
  errored: number;
  timeout: number;
  /** status class → count, e.g. { '2xx': 990, '5xx': 10 } */
  statusClasses: Record<string, number>;
  /** 'h2', 'h2c', 'http/1.1'; undefined when no connection was made. */
  protocol: string | undefined;
  /** h2load's own latency summary (ms): min, max, mean, sd. */
  requestTimeMs: { min: number; max: number; mean: number; sd: number } | undefined;
}

export interface H2loadLogEntry {
  startUs: number;
  status: number;
  durationUs: number;
}

const UNIT_TO_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function toMs(value: string, unit: string): number {
  return Number(value) * (UNIT_TO_MS[unit] ?? Number.NaN);
}

export function parseH2loadOutput(text: string): H2loadSummary | undefined {
  const finished = /finished in ([\d.]+)(us|ms|s), ([\d.]+) req\/s/.exec(text);
  const requests =
    /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(text);
  if (!finished || !requests) return undefined;
  const statusClasses: Record<string, number> = {};
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(text);
  if (codes) ['2xx', '3xx', '4xx', '5xx'].forEach((k, i) => (statusClasses[k] = Number(codes[i + 1])));
  const time = /time for request:\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)/.exec(text);
  const protocol = /Application protocol: (\S+)/.exec(text)?.[1];
  const n = (i: number): number => Number(requests[i]);
  return {
    finishedMs: toMs(finished[1] ?? '', finished[2] ?? ''),
    reqPerSec: Number(finished[3]),
    total: n(1),
    started: n(2),
    done: n(3),
    succeeded: n(4),
    failed: n(5),
    errored: n(6),
    timeout: n(7),
    statusClasses,
    protocol,
    requestTimeMs: time
      ? {
          min: toMs(time[1] ?? '', time[2] ?? ''),
          max: toMs(time[3] ?? '', time[4] ?? ''),
          mean: toMs(time[5] ?? '', time[6] ?? ''),
          sd: toMs(time[7] ?? '', time[8] ?? ''),
        }
      : undefined,
  };
}

export function parseH2loadLog(text: string): H2loadLogEntry[] {
  const entries: H2loadLogEntry[] = [];
  for (const line of text.split('\n')) {
    const [start, status, duration] = line.trim().split('\t');
    if (start === undefined || status === undefined || duration === undefined) continue;
    const entry = { startUs: Number(start), status: Number(status), durationUs: Number(duration) };
    if (Number.isFinite(entry.startUs) && Number.isFinite(entry.durationUs)) entries.push(entry);
  }
  return entries.sort((a, b) => a.startUs - b.startUs);
}

/** "1.52.0" from `h2load --version` ("h2load nghttp2/1.52.0"). */
export function parseH2loadVersion(text: string): string | undefined {
  return /nghttp2\/(\S+)/.exec(text)?.[1];
}
