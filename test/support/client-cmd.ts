/** Test support for the external-client tests (not a test file): verify/trace through their real config path. */
import { execFileSync } from 'node:child_process';
import { verifyCommand } from '../../src/commands/verify.js';
import { traceCommand } from '../../src/commands/trace.js';
import { parseFlags } from '../../src/config.js';
import { traceConfig, traceOptions, verifyConfig, verifyOptions } from '../../src/config-diagnose.js';
import type { CaseResult, Results } from '../../src/results.js';

export interface Ran {
  results: Results;
  out: string;
  failed: string[];
  run(id: string): CaseResult;
}

function io(): { stdout: (t: string) => void; stderr: (t: string) => void; command: string; text: () => string } {
  let out = '';
  return { stdout: (t) => void (out += t), stderr: () => {}, command: 'test', text: () => out };
}

function finder(results: Results): (id: string) => CaseResult {
  return (id) => {
    const run = results.runs.find((r) => r.strategy === id);
    if (!run) throw new Error(`no run for ${id}`);
    return run;
  };
}

export async function verifyClients(args: string[]): Promise<Ran> {
  const sink = io();
  const { results, failed } = await verifyCommand(verifyConfig(parseFlags(['--quiet', ...args], verifyOptions).values), sink);
  return { results, failed, out: sink.text(), run: finder(results) };
}

export async function traceClients(args: string[]): Promise<{ results: Results; out: string }> {
  const sink = io();
  const results = await traceCommand(traceConfig(parseFlags(['--quiet', ...args], traceOptions).values), sink);
  return { results, out: sink.text() };
}

export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The three curl archetypes, each sending {concurrency} requests to {url} (curl's own URL
 * globbing). --no-progress-meter: with --parallel, curl 7.88 draws its meter despite -s.
 */
export const CURL = {
  multiplexed: 'curl -sS --no-progress-meter --http2 --parallel --parallel-max 1000 --cacert {ca} -o /dev/null {url}?n=[1-{concurrency}]',
  fanOut: 'curl -sS --no-progress-meter --http2 --parallel --parallel-immediate --parallel-max 1000 --cacert {ca} -o /dev/null {url}?n=[1-{concurrency}]',
  http1: 'curl -sS --no-progress-meter --http1.1 --parallel --parallel-max 1000 --cacert {ca} -o /dev/null {url}?n=[1-{concurrency}]',
} as const;

/** The same with the client certificate, for --mtls targets. */
export const withCert = (command: string): string => command.replace('--cacert {ca}', '--cacert {ca} --cert {cert} --key {key}');

/** --client-cmd/--client-id pairs. */
export function clients(pairs: Record<string, string>): string[] {
  return Object.entries(pairs).flatMap(([id, command]) => ['--client-cmd', command, '--client-id', id]);
}
