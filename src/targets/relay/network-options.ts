/**
 * `--rtt <ms>`, `--rtt-jitter <ms>` and `--bandwidth <Mbit/s>`: the round trip and the
 * link rate the relay (relay.ts) puts between every client and a target muxbench started. Validated once here; one UsageError line each.
 */
import { UsageError } from '../../errors.js';
import { optionRange } from '../../options/table.js';
import type { RelayOptions } from './relay.js';

export interface NetworkFlags {
  rtt?: string | undefined;
  'rtt-jitter'?: string | undefined;
  bandwidth?: string | undefined;
}

function milliseconds(flag: 'rtt' | 'rtt-jitter', raw: string): number {
  const { min, max } = optionRange(flag);
  const value = /^\s*\d+(\.\d+)?\s*(ms)?\s*$/.test(raw) ? Number.parseFloat(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${flag} takes milliseconds from ${min} to ${max}, like 20 or 2.5; got '${raw}'`);
  }
  return value;
}

function megabits(raw: string): number {
  const { min, max } = optionRange('bandwidth');
  const value = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number.parseFloat(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--bandwidth takes Mbit/s from ${min} to ${max}, like 10 or 0.5; got '${raw}'`);
  }
  return value;
}

/**
 * All bounded by the option table (a round trip above 10 s is no network a benchmark
 * means). undefined when no flag was given (no relay at all); --bandwidth alone is a
 * relay with no added round trip.
 */
export function networkChoice(flags: NetworkFlags, urlTarget: boolean): RelayOptions | undefined {
  if (flags.rtt === undefined && flags['rtt-jitter'] === undefined && flags.bandwidth === undefined) return undefined;
  const flag = flags.rtt !== undefined ? 'rtt' : flags['rtt-jitter'] !== undefined ? 'rtt-jitter' : 'bandwidth';
  if (urlTarget) {
    throw new UsageError(`--${flag} puts a relay in front of a server muxbench starts; use it with --target local or nginx, not --url`);
  }
  if (flags.rtt === undefined && flags['rtt-jitter'] !== undefined) throw new UsageError('--rtt-jitter needs --rtt <ms>, the round trip it varies, e.g. --rtt 20 --rtt-jitter 4');
  const rttMs = flags.rtt !== undefined ? milliseconds('rtt', flags.rtt) : 0;
  const jitterMs = flags['rtt-jitter'] !== undefined ? milliseconds('rtt-jitter', flags['rtt-jitter']) : 0;
  const bandwidthMbps = flags.bandwidth !== undefined ? megabits(flags.bandwidth) : undefined;
  if (rttMs === 0 && jitterMs === 0 && bandwidthMbps === undefined) throw new UsageError('--rtt 0 adds no delay: drop --rtt, or give a round trip like --rtt 20');
  return { rttMs, jitterMs, ...(bandwidthMbps !== undefined ? { bandwidthMbps } : {}) };
}
