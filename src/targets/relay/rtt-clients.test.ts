/**
 * --rtt from the command line: every client kind goes through the relay (a built-in
 * strategy, a strategy file, h2load, a --client-cmd program), each connection of each is
 * counted by the relay and by the server alike, curl still verifies the server
 * certificate against the host name, and the round trip is in the results and the header.
 * Bad --rtt values are one usage line each.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli.js';
import { parseFlags, runConfig, runOptions } from '../../config.js';
import { runCommand } from '../../commands/run.js';
import { renderMarkdown } from '../../report/markdown.js';
import { toolAvailable } from '../../../test/support/real-target.js';
import { CURL, clients, hasProgram } from '../../../test/support/client-cmd.js';

const RTT = 30;
const haveTools = toolAvailable('h2load', hasProgram('h2load')) && toolAvailable('curl', hasProgram('curl'));
const EXAMPLE = path.resolve('examples/multiplexed-client.ts');

describe.skipIf(!haveTools)(`run --rtt ${RTT}: every client kind through the relay`, () => {
  it('built-in, strategy file, h2load and curl: relay count = server count, certificate checked, RTT in the header', async () => {
    let out = '';
    const args = [
      '--rtt', String(RTT), '--scenario', 'burst', '--concurrency', '4', '--quick', '--repetitions', '1', '--no-write', '--quiet',
      '--node', 'current', '--strategies', 'http2-single-session,h2load', '--strategy-file', EXAMPLE,
      ...clients({ 'curl-mux': CURL.multiplexed }),
    ];
    const results = await runCommand(runConfig(parseFlags(args, runOptions).values), { stdout: (t) => void (out += t), stderr: () => {}, command: 'test' });
    expect(results.target.rttMs).toBe(RTT);
    expect(results.runs.map((r) => r.strategy).sort()).toEqual(['curl-mux', 'h2load', 'http2-single-session', 'my-http2-client']);
    for (const run of results.runs) {
      expect(run.status, `${run.strategy}: ${run.error?.message ?? ''}`).toBe('ok');
      expect(run.requests.failed, `${run.strategy}: ${JSON.stringify(run.requests.errors)}`).toBe(0);
      expect(run.connections.server?.accepted, run.strategy).toBeGreaterThan(0);
      expect(run.connections.relayAccepted, `${run.strategy}: the relay's count = the server's`).toBe(run.connections.server?.accepted);
    }
    expect(out).toContain(`RTT ${RTT} ms`);
    expect(renderMarkdown(results)).toContain(`RTT ${RTT} ms`);
  }, 180_000);
});

describe('bad --rtt values: one line, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--rtt', 'fast'], /--rtt takes milliseconds from 0 to 10000/],
    [['--rtt', '20000'], /--rtt takes milliseconds/],
    [['--rtt-jitter', '5'], /--rtt-jitter needs --rtt/],
    [['--rtt', '0'], /--rtt 0 adds no delay/],
    [['--rtt', '20', '--url', 'https://127.0.0.1:9'], /use it with --target local or nginx, not --url/],
  ];
  it.each(cases)('%j', async (flags, message) => {
    let err = '';
    const code = await main(['run', ...flags], { stdout: () => {}, stderr: (t) => void (err += t) });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});
