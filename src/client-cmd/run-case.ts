/**
 * One external client's case: fill in the command, run it (bounded), then read what the
 * server saw and shape it like a worker's reply. A command that fails, hangs or reaches
 * the server with nothing is a case error carrying the server's counts, not a crash.
 */
import type { ExternalClientRun, ScenarioInfo } from '../results.js';
import type { CaseOutcome } from '../runner-kinds/runner-kind.js';
import type { WorkerReply } from '../runner-kinds/protocol.js';
import type { ServerLedgerSnapshot } from '../targets/server-ledger.js';
import type { Target } from '../targets/types.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeBodyFile } from '../workload/request-body.js';
import { substitute, substitutionEnv, type ClientCommand, type SubstitutionValues } from './command.js';
import { runProcess } from './run-process.js';
import type { ErrorCode } from '../errors.js';
import { describeServerLedger, measurementFromServerLedger, traceFromServerLedger } from './server-view.js';

/** `bodyFile`: the file of --request-bytes bytes, when the scenario sends a body. */
export function substitutionValues(
  target: Pick<Target, 'origin' | 'tls' | 'pathFor'>,
  scenario: Pick<ScenarioInfo, 'concurrency' | 'delaysMs' | 'requestBytes'>,
  bodyFile?: string,
): SubstitutionValues {
  const origin = target.origin;
  return {
    origin: origin.origin,
    url: new URL(target.pathFor(scenario.delaysMs[0] ?? 0), origin).href,
    ca: target.tls.caPath,
    cert: target.tls.certPath,
    key: target.tls.keyPath,
    concurrency: String(scenario.concurrency),
    host: origin.hostname,
    port: origin.port || (origin.protocol === 'https:' ? '443' : '80'),
    body: bodyFile,
    bytes: scenario.requestBytes === undefined ? undefined : String(scenario.requestBytes),
  };
}

/** The server handles its last requests a moment after the client saw them: wait until the ledger settles. */
export async function settledLedger(target: Target): Promise<ServerLedgerSnapshot | undefined> {
  if (!target.readLedger) return undefined;
  let last = await target.readLedger();
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const next = await target.readLedger();
    const busy = next.requests.some((r) => r.end === undefined) || (next.summarised?.inFlight ?? 0) > 0;
    if (!busy && JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

export async function runClientCase(command: ClientCommand, timeoutMs: number, scenario: ScenarioInfo, target: Target, withTrace: boolean, signal?: AbortSignal): Promise<CaseOutcome> {
  // --request-bytes: the body the command must POST, in a file that lives as long as the case.
  const bodyDir = scenario.requestBytes === undefined ? undefined : await mkdtemp(path.join(os.tmpdir(), 'muxbench-body-'));
  try {
    const bodyFile = bodyDir === undefined || scenario.requestBytes === undefined ? undefined : await writeBodyFile(bodyDir, scenario.requestBytes);
    return await runFilled(command, timeoutMs, scenario, target, withTrace, substitutionValues(target, scenario, bodyFile), signal);
  } finally {
    if (bodyDir !== undefined) await rm(bodyDir, { recursive: true, force: true });
  }
}

async function runFilled(
  command: ClientCommand,
  timeoutMs: number,
  scenario: ScenarioInfo,
  target: Target,
  withTrace: boolean,
  values: SubstitutionValues,
  signal?: AbortSignal,
): Promise<CaseOutcome> {
  const argv = substitute(command.words, values);
  const ran = await runProcess(argv, substitutionEnv(values), timeoutMs, 5, signal);
  if (signal?.aborted) return { reply: { type: 'error', code: 'MUXBENCH_INTERRUPTED' satisfies ErrorCode, message: 'interrupted' } };
  const ledger = await settledLedger(target);
  const serverView = ledger ? describeServerLedger(ledger) : 'no server-side ledger (the server is not muxbench\'s)';
  const client: ExternalClientRun = {
    command: command.text,
    argv,
    exitCode: ran.exitCode,
    signal: ran.signal,
    timedOut: ran.timedOut,
    timeoutMs,
    wallMs: ran.wallMs,
    stderrTail: ran.stderrTail,
    serverView,
    latencySource: 'server',
  };
  const stderr = ran.stderrTail.at(-1);
  const said = stderr !== undefined ? `; its stderr ends: ${stderr}` : '';
  const fail = (code: string, message: string): CaseOutcome => ({ reply: { type: 'error', code, message: `${message}; the server saw ${serverView}` }, client });
  if (ran.spawnError !== undefined) return fail('CLIENT_NOT_STARTED', `the command could not start: ${ran.spawnError}`);
  if (ran.timedOut) return fail('CLIENT_TIMEOUT', `the command did not finish within ${timeoutMs / 1000} s (--client-timeout) and was killed with its process group${said}`);
  if (ran.exitCode !== 0) {
    const how = ran.exitCode === null ? `was killed by ${ran.signal ?? 'a signal'}` : `exited with status ${ran.exitCode}`;
    return fail('CLIENT_EXIT', `the command ${how}${said}`);
  }
  if (!ledger) return fail('CLIENT_NO_LEDGER', 'the target keeps no server-side ledger: use --target local or --target nginx');
  // A command that sent 20 requests under --concurrency 100 is judged as 20 concurrent
  // requests: the rules' words ("20 concurrent requests opened 20 connections") and the
  // cold round (the first `concurrency` requests the server saw) follow what it sent.
  const sent = Math.max(1, Math.min(scenario.concurrency, ledger.requests.length));
  const seen = sent === scenario.concurrency ? scenario : { ...scenario, concurrency: sent };
  const measurement = measurementFromServerLedger(ledger, seen, ran.wallMs);
  if (measurement.requests.ok === 0) {
    return fail('CLIENT_NO_REQUESTS', `the command exited 0 but no request succeeded at the server${said}`);
  }
  const reply: WorkerReply = {
    type: 'result',
    measurement,
    ...(sent !== scenario.concurrency ? { concurrency: sent } : {}),
    ...(withTrace ? { trace: traceFromServerLedger(ledger, sent) } : {}),
  };
  return { reply, client };
}
