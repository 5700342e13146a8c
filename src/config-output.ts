/**
 * run's output options (issue 12): detail (--phases, --verbose), exports (--export-*)
 * and absolute thresholds (--threshold, muxbench.config.json). Validated here, once;
 * each mistake is one UsageError line.
 */
import { UsageError } from './errors.js';
import { EXPORT_FLAGS, type ExportRequest } from './report/export/registry.js';
import { configPath, readConfigGate, readConfigThresholds } from './thresholds/config-file.js';
import { parseGateRow, type GateRow } from './gate-rows.js';
import { parseThreshold } from './thresholds/parse.js';
import type { Threshold } from './results/thresholds.js';

export interface OutputValues {
  phases?: boolean | undefined;
  verbose?: boolean | undefined;
  'export-csv'?: string | undefined;
  'export-markdown'?: string | undefined;
  'export-github-benchmark'?: string | undefined;
  'export-bmf'?: string | undefined;
  threshold?: string[] | undefined;
  config?: string | undefined;
  'no-config'?: boolean | undefined;
  gate?: string[] | undefined;
}

export interface OutputConfig {
  phases: boolean;
  verbose: boolean;
  exports: ExportRequest[];
  thresholds: Threshold[];
  /** The config file read, when there was one. */
  configFile: string | undefined;
  /** The release gate's rows (--gate, and "gate" in the config file; the flags replace the file's). */
  gate: GateRow[];
}

export function outputConfig(values: OutputValues, cwd = process.cwd()): OutputConfig {
  const exports: ExportRequest[] = [];
  for (const flag of EXPORT_FLAGS) {
    const file = values[flag];
    if (file === undefined) continue;
    if (file.trim() === '') throw new UsageError(`--${flag} needs a file name, e.g. --${flag} results/out.${flag === 'export-csv' ? 'csv' : flag === 'export-markdown' ? 'md' : 'json'}`);
    exports.push({ flag, file });
  }
  const configFile = configPath(values.config, values['no-config'] ?? false, cwd);
  const thresholds = [
    ...(configFile !== undefined ? readConfigThresholds(configFile) : []),
    ...(values.threshold ?? []).flatMap((raw) => parseThreshold(raw, '--threshold')),
  ];
  const flags = (values.gate ?? []).map((raw) => parseGateRow(raw));
  const gate = flags.length > 0 ? flags : configFile !== undefined ? readConfigGate(configFile) : [];
  return { phases: values.phases ?? false, verbose: values.verbose ?? false, exports, thresholds, configFile, gate };
}
