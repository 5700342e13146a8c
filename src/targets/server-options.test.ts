/**
 * The server-behaviour options at the boundary: each bad value is one UsageError line that
 * says what to give (exit 2 through the real CLI); good values become plain settings that
 * the results and the report header show.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFlags, runConfig, runOptions } from '../config.js';
import { UsageError } from '../errors.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { startLocalTarget } from './local.js';
import { behaviourSettings, serverBehaviour } from './server-options.js';
import { removeTempDirs, tempDir } from '../../test/support/target.js';

const configOf = (args: string[]) => runConfig(parseFlags(args, runOptions).values);
const usage = (args: string[]): string => {
  try {
    configOf(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no UsageError for ${args.join(' ')}`);
};

describe('server behaviour options', () => {
  it.each([
    [['--server-max-streams', '0'], /^--server-max-streams takes the streams one HTTP\/2 connection may carry at once, a whole number from 1 to 4294967295; got '0'$/],
    [['--server-goaway-after', 'x'], /^--server-goaway-after takes the requests per HTTP\/2 connection before the server sends GOAWAY, a whole number from 1 to/],
    [['--server-goaway-error', 'INTERNAL_ERROR'], /^--server-goaway-error sets the code of the GOAWAY that --server-goaway-after N sends: add --server-goaway-after N$/],
    [['--server-goaway-after', '5', '--server-goaway-error', 'BOGUS'], /^--server-goaway-error takes an HTTP\/2 error code, e.g. INTERNAL_ERROR, ENHANCE_YOUR_CALM or a number from 0 to 255; got 'BOGUS'$/],
    [['--server-keepalive-timeout', '1.5'], /^--server-keepalive-timeout takes the milliseconds an idle connection stays open, a whole number from 1 to 600000; got '1.5'$/],
    [['--server-keepalive-max', '0'], /^--server-keepalive-max takes the requests per HTTP\/1.1 connection announced as Keep-Alive: max=N/],
    [['--server-close-after=-1'], /^--server-close-after takes the requests per HTTP\/1.1 connection before Connection: close/],
    [['--server-reset-every', '0'], /^--server-reset-every takes N: every N-th request has its connection destroyed mid-response/],
    [['--body-bytes', '1e6'], /^--body-bytes takes the size of each response body in bytes, a whole number from 0 to 67108864; got '1e6'$/],
    [['--server-keepalive-max', '3', '--server-close-after', '3'], /choose one$/],
    [['--target', 'nginx', '--server-max-streams', '10'], /^--server-max-streams sets a behaviour of the local ping server; the nginx target brings its own server: drop it or use --target local$/],
    [['--url', 'https://127.0.0.1:1', '--body-bytes', '10'], /^--body-bytes sets a behaviour of the local ping server; the url target brings its own server/],
  ])('%j', (args, message) => {
    const text = usage(args);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('good values reach the local target, and become plain settings for the results', () => {
    const config = configOf(['--server-goaway-after', '50', '--server-goaway-error', 'enhance_your_calm', '--server-keepalive-timeout', '300', '--body-bytes', '0']);
    expect(config.target).toEqual({
      kind: 'local', mtls: false, h2c: false,
      server: { goawayAfterRequests: 50, goawayErrorCode: 11, keepAliveTimeoutMs: 300, bodyBytes: 0 },
    });
    expect(behaviourSettings({ goawayAfterRequests: 50, goawayErrorCode: 11, keepAliveTimeoutMs: 300, bodyBytes: 0 })).toEqual({
      'goaway-after': 50, 'goaway-code': 'ENHANCE_YOUR_CALM', 'keepalive-timeout-ms': 300, 'body-bytes': 0,
    });
    expect(behaviourSettings({ goawayAfterRequests: 5 })).toEqual({ 'goaway-after': 5, 'goaway-code': 'NO_ERROR' });
    expect(serverBehaviour({})).toBeUndefined();
    expect(configOf([]).target).toEqual({ kind: 'local', mtls: false, h2c: false });
  });

  it('the CLI turns a bad value into exit 2 and one line', () => {
    const bin = fileURLToPath(new URL('../../bin/muxbench.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'run', '--server-reset-every', 'often'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^muxbench: --server-reset-every takes N/);
  });
});

describe('the behaviours in the results and the report header', () => {
  afterAll(removeTempDirs);

  it('the local target names them as target.server; the terminal and Markdown headers print them', async () => {
    const target = await startLocalTarget({ certsDir: tempDir(), goawayAfterRequests: 10, goawayErrorCode: 11, bodyBytes: 1024 });
    const server = target.server;
    await target.close();
    expect(server).toEqual({
      software: 'muxbench ping server',
      version: `node ${process.versions.node}`,
      settings: { 'goaway-after': 10, 'goaway-code': 'ENHANCE_YOUR_CALM', 'body-bytes': 1024 },
    });
    const results = fixtureResults();
    if (server) results.target.server = server;
    const line = `muxbench ping server node ${process.versions.node} (goaway-after 10, goaway-code ENHANCE_YOUR_CALM, body-bytes 1024)`;
    expect(renderTerminal(results, { color: false })).toContain(`server:      ${line}\n`);
    expect(renderMarkdown(results)).toContain(`- Server: ${line}\n`);
    // Without behaviours the local target names no server (the default needs no line).
    const plain = await startLocalTarget({ certsDir: tempDir() });
    expect(plain.server).toBeUndefined();
    await plain.close();
  }, 30_000);
});
