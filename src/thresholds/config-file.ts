/**
 * `muxbench.config.json`: thresholds kept next to the code they guard, so CI and a
 * developer run the same gate. Read from `--config F`, else from `muxbench.config.json`
 * in the working directory when it exists (ESLint's and Vitest's habit: the project's
 * file applies without a flag); `--no-config` ignores it. The run prints which file it
 * used. Shape:
 *
 *   { "thresholds": { "burst/undici-h2": ["conns.cold<=1", "p99<50"], "*\/*": "errors==0" } }
 *
 * Each value is one condition string, a comma-separated list, or an array of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseThreshold } from './parse.js';
import { parseGateRow, type GateRow } from '../gate-rows.js';
import type { Threshold } from '../results/thresholds.js';

export const CONFIG_FILE = 'muxbench.config.json';

const KEYS = ['thresholds', 'gate', '$schema'];

/** The config file to read: --config, else ./muxbench.config.json if present; undefined for none. */
export function configPath(flag: string | undefined, noConfig: boolean, cwd = process.cwd()): string | undefined {
  if (flag !== undefined && noConfig) throw new UsageError('--config and --no-config contradict each other: keep one');
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--config needs a file name, e.g. --config muxbench.config.json');
    if (!existsSync(flag)) throw new UsageError(`--config ${flag}: no such file`);
    return flag;
  }
  if (noConfig) return undefined;
  const found = path.join(cwd, CONFIG_FILE);
  return existsSync(found) ? found : undefined;
}

export function readConfigThresholds(file: string): Threshold[] {
  return configThresholds(readConfigData(file), file);
}

/**
 * The release gate of the config file: `"gate": ["burst/my-client/p50", …]`, the rows
 * (scenario/strategy/metric) a comparison gates on (src/gate-rows.ts); empty when absent.
 */
export function readConfigGate(file: string): GateRow[] {
  const data = readConfigData(file);
  checkKeys(data, file);
  const gate = (data as Record<string, unknown>)['gate'];
  if (gate === undefined) return [];
  if (!Array.isArray(gate) || gate.length === 0 || !gate.every((g): g is string => typeof g === 'string')) {
    throw new UsageError(`${file}: "gate" must be a non-empty array of "scenario/strategy/metric" strings, e.g. { "gate": ["burst/my-client/p50"] }`);
  }
  return gate.map((g) => parseGateRow(g, `${file} gate`));
}

function readConfigData(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : 'syntax error';
    throw new UsageError(`${file}: not valid JSON (${why}); fix it, or pass --no-config to ignore it`, { cause: error });
  }
  return data;
}

function checkKeys(data: unknown, file: string): asserts data is Record<string, unknown> {
  if (!isObject(data)) throw new UsageError(`${file}: expected a JSON object like { "thresholds": { "burst/undici-h2": ["p99<50"] } }`);
  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) throw new UsageError(`${file}: unknown key '${key}'; the file may hold ${KEYS.map((k) => `'${k}'`).join(', ')}`);
  }
}

/** The thresholds of a parsed config object; every shape error names the key at fault. */
export function configThresholds(data: unknown, file: string): Threshold[] {
  checkKeys(data, file);
  const thresholds = data['thresholds'];
  if (thresholds === undefined) return [];
  if (!isObject(thresholds)) {
    throw new UsageError(`${file}: "thresholds" must be an object of "scenario/strategy": ["metric<value", …], e.g. { "burst/undici-h2": ["p99<50"] }`);
  }
  return Object.entries(thresholds).flatMap(([selector, conditions]) => {
    const list = typeof conditions === 'string' ? [conditions] : conditions;
    if (!Array.isArray(list) || list.length === 0 || !list.every((c): c is string => typeof c === 'string')) {
      throw new UsageError(`${file}: thresholds["${selector}"] must be a condition string or a non-empty array of them, e.g. ["p99<50", "errors==0"]`);
    }
    return parseThreshold(`${selector}: ${list.join(', ')}`, file);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
