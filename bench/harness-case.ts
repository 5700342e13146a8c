/**
 * One harness case for the benchmarks: the same worker bundle and CaseSpec the runner
 * uses, forked on a chosen Node binary (`--node PATH`) with optional extra flags
 * (`--cpu-prof` to profile the worker). Only the worker's own measurement matters here
 * (throughput is timed inside the worker), so the runner's parent-side work is left out.
 */
import { fork } from 'node:child_process';
import type { CaseMeasurement, CaseSpec, WorkerReply } from '../src/runner-kinds/protocol.js';
import { workerBundle } from '../src/run/worker-bundle.js';
import type { ScenarioInfo } from '../src/results.js';
import type { Target } from '../src/targets/types.js';

export interface HarnessCaseOptions {
  scenario: ScenarioInfo;
  strategy: string;
  target: Target;
  /** Node binary for the worker; the running one by default. */
  node?: string;
  execArgv?: string[];
  requestTimeoutMs?: number;
  trace?: boolean;
}

export async function runHarnessCase(options: HarnessCaseOptions): Promise<CaseMeasurement> {
  const file = await workerBundle();
  const spec: CaseSpec = {
    scenario: options.scenario,
    strategy: options.strategy,
    repetition: 1,
    origin: options.target.origin.href,
    tls: options.target.tls,
    pathTemplate: options.target.pathTemplate,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    hardLimitMs: options.scenario.rounds.maxTimeMs * 3 + 3_000,
    ...(options.trace === true ? { trace: true } : {}),
  };
  const child = fork(file, [], {
    execPath: options.node ?? process.execPath,
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  // Bounded: a case that never answers is killed.
  const limitMs = spec.hardLimitMs + spec.requestTimeoutMs * 2 + 15_000;
  const reply = await new Promise<WorkerReply>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ type: 'error', code: 'TIMEOUT', message: `worker did not answer within ${limitMs} ms` });
    }, limitMs);
    child.once('message', (m: WorkerReply) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ type: 'error', code: 'EXIT', message: `worker exited with ${String(code)} before answering` });
    });
    child.send(spec);
  });
  // The worker exits after replying; wait so that a profile is written.
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  if (reply.type === 'error') throw new Error(`harness case failed: ${reply.code}: ${reply.message}`);
  return reply.measurement;
}
