/**
 * `muxbench verify` as a release gate on a user strategy file (the two examples), and
 * `muxbench trace` with --trace-file, end to end through the CLI.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = (name: string): string => path.join(root, 'examples', name);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('muxbench verify', () => {
  it('exits 1 on a strategy file that fans out, naming the rule and the fix', async () => {
    const { code, out } = await cli(['verify', '--strategy-file', example('fanout-client.ts'), '--concurrency', '20', '--quiet']);
    expect(out).toContain('my-undici-client (one-connection, burst, concurrency 20): FAIL');
    expect(out).toContain(
      '✗ cold-burst-fan-out: 20 concurrent requests opened 20 connections on the cold round (20 full TLS handshakes); one-connection expects 1',
    );
    expect(out).toContain('fix: new Agent({ allowH2: true, connections: 1, pipelining: 20 })');
    expect(out).toContain('verify: FAILED — 1 of 1 one-connection strategies break a rule: my-undici-client');
    expect(code).toBe(1);
  }, 60_000);

  it('exits 0 on a strategy file that multiplexes', async () => {
    const { code, out } = await cli(['verify', '--strategy-file', example('multiplexed-client.ts'), '--concurrency', '20', '--quiet']);
    expect(out).toContain('✓ cold-burst-fan-out: 20 concurrent requests opened 1 connection on the cold round (1 full TLS handshake)');
    expect(out).toContain('✓ serialized-multiplexing: peak 20 streams in flight on one connection at concurrency 20');
    expect(out).toContain('verify: ok — all 1 one-connection strategy holds to every rule');
    expect(code).toBe(0);
  }, 60_000);

  it('exits 1 when no request of a strategy succeeded, with its first message; its rules are not judged; a partly failing strategy shows its failures beside its verdicts', async () => {
    const file = path.join(root, 'test', 'support', 'failing-clients.mjs');
    const { THROWN_MESSAGE, REJECTED_MESSAGE } = (await import(file)) as { THROWN_MESSAGE: string; REJECTED_MESSAGE: string };
    const { code, out } = await cli(['verify', '--strategy-file', file, '--concurrency', '8', '--quiet']);
    const block = (id: string): string => out.split('\n\n').find((b) => b.startsWith(`${id} `)) ?? '';
    const dead = block('throws-every-request');
    expect(dead).toContain('throws-every-request (one-connection, burst, concurrency 8): FAIL: no request succeeded');
    expect(dead).toMatch(new RegExp(`✗ no request succeeded: ([\\d,]+) of \\1 failed; the first error: TypeError: ${THROWN_MESSAGE}\n`));
    expect(dead).toContain('– cold-burst-fan-out: not judged (no request succeeded)');
    expect(dead).toContain('– serialized-multiplexing: not judged (no request succeeded)');
    expect(dead).toContain('– downgrade: not judged (no request succeeded and no connection was opened)');
    expect(dead).not.toContain('✓');
    const partly = block('fails-some-requests');
    // Every fourth request is refused by the client: a quarter of them, whatever the rounds.
    const [, failed, total] = /: ok; ([\d,]+) of ([\d,]+) requests failed\n/.exec(partly) ?? [];
    expect(Number(failed?.replace(/,/g, ''))).toBe(Math.floor(Number(total?.replace(/,/g, '')) / 4));
    expect(partly).toContain(`⚠ ${failed} of ${total} requests failed: Error ×${failed} (${JSON.stringify(REJECTED_MESSAGE)}).`);
    expect(partly).toContain('✓ cold-burst-fan-out: 8 concurrent requests opened 1 connection on the cold round');
    expect(partly).not.toContain('not judged');
    expect(out).toContain('verify: FAILED — no request succeeded for throws-every-request\n');
    expect(code).toBe(1);
  }, 60_000);

  it('rejects a concurrency of 1 with a usage error', async () => {
    const { code, err } = await cli(['verify', '--concurrency', '1']);
    expect(code).toBe(2);
    expect(err).toContain('--concurrency must be at least 2 for verify');
  });
});

describe('muxbench trace', () => {
  it('says what failed requests said, above the timeline that shows their codes', async () => {
    const file = path.join(root, 'test', 'support', 'failing-clients.mjs');
    const { THROWN_MESSAGE } = (await import(file)) as { THROWN_MESSAGE: string };
    const { code, out } = await cli(['trace', '--strategy-file', file, '--rounds', '1', '--quiet']);
    expect(code).toBe(0);
    const line = out.split('\n').find((l) => l.startsWith('errors: ') && l.includes('TypeError')) ?? '';
    expect(line).toMatch(/^errors: ([\d,]+) of \1 requests failed: TypeError ×\1 \(/);
    expect(line.endsWith(`(${JSON.stringify(THROWN_MESSAGE)}).`)).toBe(true);
  }, 60_000);

  it('prints the timeline and writes one event per line for every request', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'muxbench-trace-'));
    try {
      const file = path.join(dir, 'trace.ndjson');
      const { code, out } = await cli(['trace', '--strategies', 'http2-single-session', '--trace-file', file, '--quiet']);
      expect(code).toBe(0);
      const total = Number(/(\d+) requests \(0 failed\)/.exec(out)?.[1]);
      expect(out).toContain('round 0 (cold)');
      expect(out).toMatch(/conn #1 {2}dial [\d.]+ → tcp up [\d.]+ → TLS full h2 [\d.]+ {2}\(opened for req 1, carried \d+ requests/);
      expect(out).toMatch(/req 2 {2}\/ping\/10 +getConn [\d.]+ · conn #1 reused/);
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; request: number });
      expect(lines.filter((e) => e.event === 'getConn')).toHaveLength(total);
      expect(lines.filter((e) => e.event === 'done')).toHaveLength(total);
      expect(lines.filter((e) => e.event === 'connectStart')).toHaveLength(1);
      expect(lines[0]).toMatchObject({ scenario: 'seed', strategy: 'http2-single-session', repetition: 0, request: 1, round: 0, event: 'getConn', path: '/ping/5?muxbench=1' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
