/**
 * Options of `muxbench verify` and `muxbench trace`, validated once like run's. Both
 * take run's strategy and load options and turn them into a RunConfig with the
 * workload fixed to what the command is for.
 */
import { concurrencyOption, idList, requestBytesOption, requestTimeoutOption, strategySelection, traceFile, wholeNumber, type RunConfig } from './config.js';
import { UsageError } from './errors.js';
import { clientsConfig } from './client-cmd/options.js';
import { parseOptions } from './options/parse-config.js';
import { optionRange, stringDefault } from './options/table.js';
import { targetChoice } from './targets/choice.js';
import { scenarios } from './workload/scenarios.js';

export const verifyOptions = parseOptions('verify');
export const traceOptions = parseOptions('trace');

/** verify's burst must be a burst: below this (the option table's bound), fan-out and refused streams hardly show. */
export const VERIFY_MIN_CONCURRENCY = optionRange('concurrency', 'verify').min;

interface SharedValues {
  scenario?: string | undefined;
  strategies?: string | undefined;
  'strategy-file'?: string[] | undefined;
  concurrency?: string | undefined;
  mtls?: boolean | undefined;
  'request-timeout'?: string | undefined;
  'request-bytes'?: string | undefined;
  'trace-file'?: string | undefined;
  quiet?: boolean | undefined;
  debug?: boolean | undefined;
  target?: string | undefined;
  h2c?: boolean | undefined;
  'client-cmd'?: string[] | undefined;
  'client-id'?: string[] | undefined;
  'client-timeout'?: string | undefined;
  intent?: string | undefined;
}

function baseConfig(values: SharedValues, command: 'verify' | 'trace', outDir: string | undefined): RunConfig {
  const strategyFiles = values['strategy-file'] ?? [];
  const scenarioIds = idList('scenario', values.scenario ?? stringDefault('scenario', command), scenarios.map((s) => s.id));
  if (values.target === 'url') throw new UsageError('verify and trace run against --target local or --target nginx');
  const target = targetChoice({ target: values.target, mtls: values.mtls, h2c: values.h2c });
  return {
    scenarios: scenarioIds,
    strategies: strategySelection(values.strategies, [...strategyFiles, ...(values['client-cmd'] ?? [])]),
    strategyFiles,
    concurrency: concurrencyOption(values.concurrency),
    repetitions: 1,
    // verify and trace look at what a client does, cold: nothing is timed against a warm server.
    warmup: 0,
    quick: true,
    outDir,
    mtls: values.mtls ?? false,
    target,
    clients: clientsConfig(values, target),
    json: false,
    compare: undefined,
    failOnRegression: undefined,
    html: undefined,
    openLoop: undefined,
    requestTimeoutMs: requestTimeoutOption(values['request-timeout']),
    requestBytes: requestBytesOption(values['request-bytes']),
    quiet: values.quiet ?? false,
    debug: values.debug ?? false,
    traceFile: traceFile(values['trace-file']),
  };
}

/** verify: a cold burst (the burst scenario by default, quick rounds, 1 repetition); files only with --out. */
export function verifyConfig(values: SharedValues & { out?: string | undefined }): RunConfig {
  const config = baseConfig(values, 'verify', values.out);
  if (config.concurrency !== undefined && config.concurrency < VERIFY_MIN_CONCURRENCY) {
    throw new UsageError(`--concurrency must be at least ${VERIFY_MIN_CONCURRENCY} for verify: one request at a time cannot show fan-out or serialization`);
  }
  return config;
}

export interface TraceConfig {
  run: RunConfig;
  /** Rounds to print per strategy (the cold one first). */
  rounds: number;
}

/** trace: the seed scenario by default, quick rounds, 1 repetition, no results files. */
export function traceConfig(values: SharedValues & { rounds?: string | undefined }): TraceConfig {
  return { run: baseConfig(values, 'trace', undefined), rounds: wholeNumber('rounds', values.rounds, 'trace') };
}
