/**
 * `--rtt <ms>` and `--rtt-jitter <ms>`: the round trip the relay (relay.ts) adds between
 * every client and a target muxbench started. Validated once here; one UsageError line each.
 */
import { UsageError } from '../../errors.js';
import { optionRange } from '../../options/table.js';
import type { RelayOptions } from './relay.js';

export interface NetworkFlags {
  rtt?: string | undefined;
  'rtt-jitter'?: string | undefined;
}

function milliseconds(flag: 'rtt' | 'rtt-jitter', raw: string): number {
  const { min, max } = optionRange(flag);
  const value = /^\s*\d+(\.\d+)?\s*(ms)?\s*$/.test(raw) ? Number.parseFloat(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${flag} takes milliseconds from ${min} to ${max}, like 20 or 2.5; got '${raw}'`);
  }
  return value;
}

/** Both bounded by the option table (a round trip above 10 s is no network a benchmark means). undefined when neither flag was given (no relay at all). */
export function networkChoice(flags: NetworkFlags, urlTarget: boolean): RelayOptions | undefined {
  if (flags.rtt === undefined && flags['rtt-jitter'] === undefined) return undefined;
  const flag = flags.rtt !== undefined ? 'rtt' : 'rtt-jitter';
  if (urlTarget) {
    throw new UsageError(`--${flag} puts a relay in front of a server muxbench starts; use it with --target local or nginx, not --url`);
  }
  if (flags.rtt === undefined) throw new UsageError('--rtt-jitter needs --rtt <ms>, the round trip it varies, e.g. --rtt 20 --rtt-jitter 4');
  const rttMs = milliseconds('rtt', flags.rtt);
  const jitterMs = flags['rtt-jitter'] !== undefined ? milliseconds('rtt-jitter', flags['rtt-jitter']) : 0;
  if (rttMs === 0 && jitterMs === 0) throw new UsageError('--rtt 0 adds no delay: drop --rtt, or give a round trip like --rtt 20');
  return { rttMs, jitterMs };
}
