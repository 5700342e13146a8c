/**
 * h2load (nghttp2) as the native reference: the same target, the same concurrency on
 * one connection (`-c 1 -m C`), so every Node strategy can be read as a ratio to a C
 * client. It runs as a child process instead of a worker, and its result is shaped like
 * a worker's reply so every writer shows it as one more row.
 *
 * What h2load does not do, stated in the results: it does not verify the server's
 * certificate (it has no CA option), it cannot present a client certificate (so no
 * mutual TLS), and on a GOAWAY it fails the remaining requests instead of reconnecting,
 * so its request count is kept at or below the server's keepalive_requests.
 */
import { execFile } from 'node:child_process';
import { spawnChild } from '../process/child.js';
import type { ErrorCode } from '../errors.js';
import { findExecutable } from '../find-executable.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReferenceInfo } from '../results.js';
import type { Strategy } from '../strategies/types.js';
import type { Target } from '../targets/types.js';
import { parseH2loadOutput, parseH2loadVersion } from './h2load-output.js';
import { measurementFromH2load } from './h2load-measurement.js';
import type { WorkerReply } from '../runner-kinds/protocol.js';
import type { RunnerKind } from '../runner-kinds/runner-kind.js';
import type { ScenarioInfo } from '../results.js';
import { writeBodyFile } from '../workload/request-body.js';
import { DEFAULT_SUSTAINED, shapeOf } from '../workload/sustained.js';

export const H2LOAD_ID = 'h2load';
export const H2LOAD_INSTALL_HINT = 'h2load not installed: apt-get install -y nghttp2-client';
/** The scenarios that get a reference row: the ones about sustained concurrency. */
export const REFERENCE_SCENARIOS: readonly string[] = ['burst', 'throughput'];
/** Rounds' worth of requests h2load sends: enough to be more than its connect time. */
const ROUNDS_OF_REQUESTS = 10;
const OUTPUT_CHARS = 20_000;

export const REFERENCE_NOTE =
  'h2load -c 1 -m <concurrency>: one connection, as many streams in flight as the scenario; ' +
  'it does not verify certificates, cannot send a client certificate, and does not reconnect after GOAWAY. ' +
  'Sustained scenarios run it the same way (-D <duration> --warm-up-time <warm-up>, like with like; its warm-up absorbs the cold round); ' +
  'round scenarios run -n <requests>: it keeps C streams in flight without waiting for a round to finish, so part of their ratio is the round barrier the Node rows pay. ' +
  'Its connection counts come from its configuration (-c 1) and the server, not from the socket tap.';

export function findH2load(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findExecutable('h2load', { overrideVar: 'MUXBENCH_H2LOAD', extraDirs: ['/usr/bin', '/usr/local/bin'], env });
}

export function h2loadVersion(binary: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], { timeout: 5_000 }, (_error, stdout) => resolve(parseH2loadVersion(stdout) ?? null));
  });
}

export async function referenceInfo(): Promise<ReferenceInfo> {
  const binary = findH2load();
  return { tool: 'h2load', version: binary ? await h2loadVersion(binary) : null, note: REFERENCE_NOTE };
}

/** The row's identity; it never runs in a worker (see runReferenceCase). */
export const h2loadReference: Strategy = {
  id: H2LOAD_ID,
  label: 'h2load (native reference)',
  library: 'nghttp2',
  intent: 'one-connection',
  configuration: 'h2load -c 1 -m <concurrency> - nghttp2 native client, no certificate verification',
  unsupported: ({ tls, origin }) => {
    if (findH2load() === undefined) return H2LOAD_INSTALL_HINT;
    if (origin.protocol === 'https:' && tls.cert !== undefined) return 'h2load cannot present a client certificate (no mutual TLS option)';
    return undefined;
  },
  open: () => Promise.reject(new Error('h2load runs as its own process, not through open()')),
};

/** The reference as a plan entry: its identity and the runner kind that runs it. */
export const h2loadRow: { strategy: Strategy; runner: RunnerKind } = { strategy: h2loadReference, runner: { kind: 'h2load' } };

/** Requests for one reference run: ten rounds of the scenario, at most one connection's worth of keepalive_requests. */
export function referenceRequests(scenario: ScenarioInfo, target: Pick<Target, 'server'>): number {
  const wanted = scenario.concurrency * ROUNDS_OF_REQUESTS;
  const limit = target.server?.settings.keepalive_requests;
  return typeof limit === 'number' ? Math.min(wanted, limit) : wanted;
}

/**
 * The scenario's shape in h2load's terms: a timed run for a sustained scenario, a
 * request count otherwise. A server that closes connections after keepalive_requests
 * gets the count even when sustained: h2load does not reconnect, so a timed run would
 * fail every request after the GOAWAY.
 */
export function loadArgs(scenario: ScenarioInfo, target: Pick<Target, 'server'>): string[] {
  const limited = typeof target.server?.settings.keepalive_requests === 'number';
  if (shapeOf(scenario) === 'sustained' && !limited) {
    const budget = scenario.sustained ?? DEFAULT_SUSTAINED;
    return ['-D', `${Math.max(1, Math.round(budget.durationMs))}ms`, `--warm-up-time=${Math.max(0, Math.round(budget.warmupMs))}ms`];
  }
  return ['-n', String(referenceRequests(scenario, target))];
}

export async function runReferenceCase(scenario: ScenarioInfo, target: Target, timeoutMs: number, signal?: AbortSignal): Promise<WorkerReply> {
  const binary = findH2load();
  if (binary === undefined) return { type: 'error', code: 'H2LOAD_MISSING', message: H2LOAD_INSTALL_HINT };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'muxbench-h2load-'));
  try {
    const logFile = path.join(dir, 'requests.log');
    // Reference scenarios have one delay for every request.
    const delay = scenario.delaysMs[0] ?? 0;
    // --request-bytes: h2load POSTs a file's content with every request (-d).
    const body = scenario.requestBytes === undefined ? [] : ['-d', await writeBodyFile(dir, scenario.requestBytes)];
    const args = ['-c', '1', '-m', String(scenario.concurrency), ...loadArgs(scenario, target), ...body, `--log-file=${logFile}`, ...urlArgs(target, delay)];
    const started = performance.now();
    const run = await runProcess(binary, args, timeoutMs, signal);
    if (run.aborted) return { type: 'error', code: 'MUXBENCH_INTERRUPTED' satisfies ErrorCode, message: 'interrupted' };
    if (run.timedOut) return { type: 'error', code: 'H2LOAD_TIMEOUT', message: `h2load did not finish within ${timeoutMs} ms` };
    const summary = parseH2loadOutput(run.output);
    if (!summary) {
      return { type: 'error', code: 'H2LOAD_OUTPUT', message: `could not read h2load's output (exit ${String(run.code)}): ${lastLine(run.output)}` };
    }
    if (summary.started === 0) {
      return { type: 'error', code: 'H2LOAD_NO_CONNECTION', message: `h2load could not connect to ${target.origin.origin}${lastLine(run.output) ? `: ${lastLine(run.output)}` : ''}` };
    }
    const log = await readFile(logFile, 'utf8').catch(() => '');
    const timed = args.includes('-D');
    return { type: 'result', measurement: measurementFromH2load(summary, log, scenario, performance.now() - started, timed) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * h2load takes SNI and :authority from the URL's host; with --servername, the URL names
 * the server and --connect-to sends the connection to the real address.
 */
export function urlArgs(target: Pick<Target, 'origin' | 'tls' | 'pathFor'>, delayMs: number): string[] {
  const url = new URL(target.pathFor(delayMs), target.origin);
  const servername = target.tls.servername;
  if (servername === undefined || target.origin.protocol !== 'https:') return [url.href];
  const port = target.origin.port || '443';
  const named = new URL(url);
  named.hostname = servername;
  return [`--connect-to=${target.origin.hostname}:${port}`, named.href];
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => !/^(starting benchmark|spawning thread|progress:)/.test(l)).at(-1) ?? '';
}

async function runProcess(binary: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<{ code: number | null; output: string; timedOut: boolean; aborted: boolean }> {
  // Guarded (src/process/child.ts): h2load goes when muxbench goes, SIGKILL included.
  const child = spawnChild({ kind: 'guarded', file: binary, args, stdout: 'keep', outputChars: OUTPUT_CHARS, timeoutMs, graceMs: 0, ...(signal ? { signal } : {}) });
  const exit = await child.exited;
  const output = exit.spawnError ?? `${child.stdout()}${child.stderr()}`;
  return { code: exit.code, output, timedOut: exit.timedOut, aborted: exit.aborted };
}
