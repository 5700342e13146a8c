/**
 * Options of `muxbench verify` and `muxbench trace`, validated once like run's. Both
 * take run's strategy and load options and turn them into a RunConfig with the
 * workload fixed to what the command is for.
 */
import type { ParseArgsConfig } from 'node:util';
import { concurrencyOption, idList, integer, requestBytesOption, requestTimeoutOption, strategySelection, traceFile, type RunConfig } from './config.js';
import { UsageError } from './errors.js';
import { clientOptions, clientsConfig } from './client-cmd/options.js';
import { targetChoice } from './targets/choice.js';
import { scenarios } from './workload/scenarios.js';

const shared = {
  scenario: { type: 'string' },
  strategies: { type: 'string' },
  'strategy-file': { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  mtls: { type: 'boolean' },
  'request-timeout': { type: 'string' },
  'request-bytes': { type: 'string' },
  'trace-file': { type: 'string' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // The target an external client (--client-cmd) is judged against.
  target: { type: 'string' },
  h2c: { type: 'boolean' },
  ...clientOptions,
} as const satisfies ParseArgsConfig['options'];

export const verifyOptions = { ...shared, out: { type: 'string' } } as const satisfies ParseArgsConfig['options'];
export const traceOptions = { ...shared, rounds: { type: 'string' } } as const satisfies ParseArgsConfig['options'];

/** verify's burst must be a burst: below this, fan-out and refused streams hardly show. */
export const VERIFY_MIN_CONCURRENCY = 2;

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

function baseConfig(values: SharedValues, defaultScenario: string, outDir: string | undefined): RunConfig {
  const strategyFiles = values['strategy-file'] ?? [];
  const scenarioIds = idList('scenario', values.scenario ?? defaultScenario, scenarios.map((s) => s.id));
  if (values.target === 'url') throw new UsageError('verify and trace run against --target local or --target nginx');
  const target = targetChoice({ target: values.target, mtls: values.mtls, h2c: values.h2c });
  return {
    scenarios: scenarioIds,
    strategies: strategySelection(values.strategies, [...strategyFiles, ...(values['client-cmd'] ?? [])]),
    strategyFiles,
    concurrency: concurrencyOption(values.concurrency),
    repetitions: 1,
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

/** verify: a cold burst (the burst scenario, quick rounds, 1 repetition); files only with --out. */
export function verifyConfig(values: SharedValues & { out?: string | undefined }): RunConfig {
  const config = baseConfig(values, 'burst', values.out);
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
  return { run: baseConfig(values, 'seed', undefined), rounds: integer('rounds', values.rounds, 2, 1, 1000) };
}
