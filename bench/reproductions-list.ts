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

/** The first message of each error code: a code such as ERR_HTTP2_STREAM_ERROR says less than its message. */
const firstMessages = (run: CaseResult): string => {
  const details = Object.entries(run.errorDetails ?? {}).map(([code, d]) => `${code} ×${d.count}: ${d.messages[0] ?? ''}`);
  return details.length > 0 ? details.join('; ') : errorsText(run);
};
/** perRuntime for several strategies of one run, each named. */
const perStrategy = (results: Results, strategies: readonly string[], cell: (run: CaseResult) => string): string =>
  strategies.map((strategy) => `${strategy} on ${perRuntime(results, strategy, cell)}`).join(' · ');
const ms = (x: number): string => `${Math.round(x)} ms`;
const accepted = (run: CaseResult): string => plural(run.connections.server?.accepted ?? run.connections.opened, 'connection');

export const REPRODUCTIONS: Reproduction[] = [
  {
    thread: 'nodejs/undici#5390',
    claim: '30 concurrent POSTs on a warm h2 session go out ~90 ms apart',
    // undici 8.4.0 is the version the thread names, beside the newest undici 8; POSTs with
    // a 64 KB body (more than HTTP/2's initial 65535-byte stream window). The server's
    // per-connection peak of streams in flight shows the arrival spread: 1 = one at a time.
    args: ['run', '--node', '26', '--with', 'undici@8.4.0', '--with', 'undici@8', '--strategies', 'undici-h2,undici-h2-single', '--scenario', 'burst', '--concurrency', '30', '--request-bytes', '65536', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perStrategy(
        results,
        ['undici-h2', 'undici-h2-single'],
        (run) =>
          `the server saw at most ${plural(run.connections.server?.maxConcurrentStreams ?? run.connections.maxConcurrentStreams, 'POST')} in flight on a connection (${accepted(run)}), a warm round of ${run.concurrency} took ${ms(run.rounds.meanMs)} (p99 ${ms(run.latencyMs.p99)}), ${errorsText(run)}`,
      ),
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
    // The server's 2.5 s keep-alive timeout makes idle-burst idle 2.499, 2.5 and 2.501 s:
    // longer than axios's 1 s, so every warm burst shows whether axios kept its session;
    // a bare node:http2 session beside it shows what keeping one into the server's close costs.
    // A connection the server closed got its GOAWAY (NO_ERROR); one the client dropped did not.
    args: ['run', '--strategies', 'axios-h2,http2-single-session', '--scenario', 'idle-burst', '--server-keepalive-timeout', '2500', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perStrategy(
        results,
        ['axios-h2', 'http2-single-session'],
        (run) =>
          `${accepted(run)} (${plural(run.connections.warm.opened, 'new one')} after the ${plural(results.scenarios.find((s) => s.id === run.scenario)?.idleMs?.length ?? 0, 'idle gap')}), ${run.connections.server?.tlsFull ?? run.connections.tlsFull} full TLS handshakes, ${plural(run.connections.goaways ?? 0, 'GOAWAY')} from the server, ${run.requests.failed} of ${run.requests.total} failed (${errorsText(run)})`,
      ),
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
    claim: "NodeHttp2Handler's session concurrency",
    // The server announces 10 streams; the cold burst of 50 goes out before its SETTINGS arrive.
    args: ['run', '--strategies', 'smithy-h2', '--scenario', 'burst', '--concurrency', '50', '--server-max-streams', '10', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perRuntime(
        results,
        'smithy-h2',
        (run) =>
          `@smithy/node-http-handler ${run.runtime?.packages['@smithy/node-http-handler'] ?? '?'}: ${run.requests.failed} of ${run.requests.total} failed (${errorsText(run)}), ${run.connections.refusedStreams ?? '?'} streams refused, the server announced ${run.connections.remoteMaxConcurrentStreams ?? '?'} streams, ${accepted(run)}`,
      ),
  },
  {
    thread: 'smithy-lang/smithy-typescript#1996 (ENHANCE_YOUR_CALM)',
    claim: 'ENHANCE_YOUR_CALM from the 10 MB maxSessionMemory of node:http2 on a busy NodeHttp2Handler session',
    // 200 POSTs of 64 KB on one session: 12.8 MB in flight, more than Node's default 10 MB
    // maxSessionMemory (the ping server keeps that default). A bare node:http2 session beside
    // it tells the handler's part from the session's.
    args: ['run', '--strategies', 'smithy-h2,http2-single-session', '--scenario', 'burst', '--concurrency', '200', '--request-bytes', '65536', '--quick', '--repetitions', '1'],
    showed: (results) =>
      perStrategy(results, ['smithy-h2', 'http2-single-session'], (run) => `${run.requests.failed} of ${run.requests.total} failed (${firstMessages(run)}), ${accepted(run)}`),
  },
];
