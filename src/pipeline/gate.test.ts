/**
 * The gate of a run is decided once (finishRun), so the programmatic run() and the CLI
 * exit with the same code for the same gated run; and a baseline from another machine is
 * refused before the first case, not after the whole measurement. Real runs against the
 * real local ping server; the baseline is a real run of this machine made five times
 * faster on paper, so the new runs regress whatever the machine's load.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { run, type RunEvent } from '../api.js';
import { UsageError } from '../errors.js';
import type { Results } from '../results.js';

function io(): { out: string[]; err: string[]; stdout: (t: string) => void; stderr: (t: string) => void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

const flags = { quick: true, scenario: 'seed', strategies: 'http2-single-session', repetitions: '3', quiet: true, 'no-write': true } as const;
const args = ['--quick', '--scenario', 'seed', '--strategies', 'http2-single-session', '--repetitions', '3', '--quiet', '--no-write'];

describe('the gate of muxbench run', () => {
  let dir = '';
  let faster = '';
  let otherMachine = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muxbench-gate-'));
    let written = '';
    await run({ ...flags, 'no-write': false, out: dir, onEvent: (e) => void (e.type === 'written' && (written = e.json)) });
    const measured = JSON.parse(await readFile(written, 'utf8')) as Results;
    // Five times faster than anything this machine does: every later run of it regresses.
    for (const r of measured.runs) {
      r.latencyMs = { ...r.latencyMs, p50: r.latencyMs.p50 / 5, p99: r.latencyMs.p99 / 5 };
      r.throughputRps *= 5;
    }
    faster = join(dir, 'faster.json');
    await writeFile(faster, JSON.stringify(measured));
    otherMachine = join(dir, 'other-machine.json');
    await writeFile(otherMachine, JSON.stringify({ ...measured, environment: { ...measured.environment, cpuModel: 'Another CPU', cpus: 999 } }));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('run() returns the exit code and the reasons the CLI exits with for a gated run', async () => {
    const cli = io();
    const code = await main(['run', ...args, '--compare', faster, '--fail-on-regression', '5%'], cli);
    expect(code).toBe(1);
    const regression = /^muxbench: regression above 5\.0 %: seed http2-single-session (p50|p99|throughput) /;
    expect(cli.err.length).toBeGreaterThan(0);
    for (const line of cli.err) expect(line).toMatch(regression);

    const api = io();
    const results = await run({ ...flags, compare: faster, 'fail-on-regression': '5%', stderr: api.stderr });
    expect(results.verdict.exitCode).toBe(code);
    // The same reasons (the measured figures in them differ from run to run), also on the stderr given.
    const reason = (line: string): string | undefined => regression.exec(line)?.[0];
    expect(results.verdict.messages.map(reason)).toEqual(cli.err.map(reason));
    expect(api.err).toEqual(results.verdict.messages.map((m) => `${m}\n`));
    expect(results.comparison?.cases.map((c) => c.status)).toEqual(['compared']);

    // Without the gate the same comparison decides nothing.
    const ungated = await run({ ...flags, compare: faster });
    expect(ungated.verdict).toEqual({ exitCode: 0, messages: [] });
  });

  it('refuses a baseline from another machine before any case runs: exit 2, one line', async () => {
    const cli = io();
    expect(await main(['run', ...args, '--compare', otherMachine, '--fail-on-regression', '5%'], cli)).toBe(2);
    expect(cli.out).toEqual([]);
    expect(cli.err).toHaveLength(1);
    expect(cli.err[0]).toMatch(
      /^muxbench: not gating: the baseline \S+other-machine\.json was measured on another machine \(cpu model Another CPU → .+; cpu count 999 → \d+\); measure a baseline on this runner type, or pass --allow-other-machine to gate anyway \(see 'muxbench --help'\)\n$/,
    );

    const events: RunEvent[] = [];
    await expect(run({ ...flags, compare: otherMachine, 'fail-on-regression': '5%', onEvent: (e) => events.push(e) })).rejects.toThrow(UsageError);
    expect(events).toEqual([]);

    // --allow-other-machine gates anyway; without the gate there is nothing to refuse.
    for (const options of [{ 'fail-on-regression': '5%', 'allow-other-machine': true }, {}]) {
      const started: RunEvent[] = [];
      const results = await run({ ...flags, repetitions: '1', compare: otherMachine, ...options, onEvent: (e) => started.push(e) });
      expect(started.map((e) => e.type)).toEqual(['case-start', 'case-done']);
      expect(results.verdict.exitCode).not.toBe(2);
      expect(results.comparison?.machineDifferences).toHaveLength(2);
    }
  });
});
