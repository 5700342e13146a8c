/**
 * The entries of docs/reproductions.md: one issue thread each, the muxbench command that
 * reproduces it, and how to read what that command showed from its results file.
 * `npm run reproductions` (bench/reproductions.ts) runs them; the test beside this file
 * keeps the document and this list the same.
 */
import type { CaseResult, Results } from '../src/results.js';

export interface Reproduction {
  thread: string;
  /** What the thread reports. */
  claim: string;
  /** muxbench's arguments (after `muxbench`). */
  args: string[];
  /** A feature muxbench lacks on this branch: the entry is listed, not run. */
  needs?: string;
  showed?: (results: Results) => string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const rowsOf = (results: Results, strategy: string): CaseResult[] => results.runs.filter((r) => r.strategy === strategy && r.status !== 'skipped');
const errorsText = (run: CaseResult): string => {
  const codes = Object.entries(run.requests.errors).map(([code, n]) => `${code} ×${n}`);
  return codes.length > 0 ? codes.join(', ') : 'no errors';
};
const perRuntime = (results: Results, strategy: string, cell: (run: CaseResult) => string): string =>
  rowsOf(results, strategy)
    .map((run) => `${run.runtime?.id ?? 'current'}${run.runtime?.engineVersion ? ` ${run.runtime.engineVersion}` : ''}: ${run.status === 'error' ? `error ${run.error?.message ?? ''}` : cell(run)}`)
    .join('; ');

export const REPRODUCTIONS: Reproduction[] = [
  {
    thread: 'nodejs/undici#5390',
    claim: '30 concurrent POSTs on a warm h2 session go out ~90 ms apart',
    args: ['run', '--strategies', 'undici-h2', '--scenario', 'burst', '--concurrency', '30', '--request-bytes', '65536', '--repetitions', '1'],
    needs: '--request-bytes (request bodies)',
  },
  {
    thread: 'sindresorhus/got#2396',
    claim: 'two sequential `http2: true` requests open two TCP connections',
    args: ['run', '--node', '20,26', '--strategies', 'got-h2', '--scenario', 'sweep-c1', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perRuntime(results, 'got-h2', (run) => `got ${run.runtime?.packages.got ?? '?'}: ${plural(run.connections.server?.accepted ?? run.connections.opened, 'connection')} accepted for ${run.requests.total} sequential requests`),
  },
  {
    thread: 'axios httpVersion: 2, http2Options.sessionTimeout 1000 ms',
    claim: 'an idle gap longer than the 1 s session timeout forces a reconnect',
    args: ['run', '--strategies', 'axios-h2', '--scenario', 'idle-burst', '--repetitions', '1'],
    needs: 'the axios strategies',
  },
  {
    thread: 'oven-sh/bun#43419',
    claim: "56 parallel 200 KB responses hang after the 53rd on Bun's node:http2",
    args: ['run', '--runtime', 'bun,node26', '--strategies', 'http2-single-session', '--scenario', 'burst', '--concurrency', '56', '--body-bytes', '204800', '--quick', '--repetitions', '1', '--request-timeout', '5000'],
    showed: (results) => perRuntime(results, 'http2-single-session', (run) => `${run.requests.ok} of ${run.requests.total} responses completed (${errorsText(run)})`),
  },
  {
    thread: 'denoland/deno#21789',
    claim: "a burst sent before the server's SETTINGS arrive hits REFUSED_STREAM",
    args: ['run', '--runtime', 'deno,node26', '--strategies', 'http2-single-session', '--scenario', 'burst', '--server-max-streams', '10', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perRuntime(results, 'http2-single-session', (run) => `${run.requests.failed} of ${run.requests.total} failed (${errorsText(run)}), the server announced ${run.connections.remoteMaxConcurrentStreams ?? '?'} streams`),
  },
  {
    thread: 'aws/aws-sdk-js-v3#7936, smithy-lang/smithy-typescript#1996',
    claim: "NodeHttp2Handler's session concurrency (and ENHANCE_YOUR_CALM from its 10 MB maxSessionMemory)",
    args: ['run', '--strategies', 'smithy-node-http2-handler', '--scenario', 'burst', '--concurrency', '200', '--body-bytes', '65536', '--repetitions', '1'],
    needs: "the AWS SDK's NodeHttp2Handler strategy",
  },
];
