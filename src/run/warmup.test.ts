/**
 * --warmup: which cases warm up (pure), and that a run really runs them and throws them
 * away — counted from outside by a strategy file that writes a line each time a case opens
 * it, and by the server's own count of the first measured case.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../api.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import { scenarios } from '../workload/scenarios.js';
import { planCases } from './plan.js';
import { warmupCases } from './warmup.js';

const strategy = (id: string): { strategy: Strategy } => {
  const found = findStrategy(id);
  if (!found) throw new Error(id);
  return { strategy: found };
};

describe('warmupCases', () => {
  const plan = planCases(scenarios.slice(0, 2), [strategy('undici-h2'), strategy('fetch')], 3);
  const runs = (): boolean => true;
  const ids = (cases: ReturnType<typeof warmupCases>): string[] => cases.map((c) => `${c.scenario.id}/${c.strategy.id}`);

  it("takes each scenario's first case, N times, the scenarios taking turns", () => {
    const [a, b] = scenarios.map((s) => s.id);
    expect(ids(warmupCases(plan, 2, runs))).toEqual([`${a}/undici-h2`, `${b}/undici-h2`, `${a}/undici-h2`, `${b}/undici-h2`]);
    expect(warmupCases(plan, 0, runs)).toEqual([]);
  });

  it('passes over cases that would not run, and external programs', () => {
    const skipped = plan.map((c) => (c.strategy.id === 'undici-h2' ? { ...c, skipReason: 'not here' } : c));
    expect(new Set(ids(warmupCases(skipped, 1, (c) => c.skipReason === undefined)).map((id) => id.split('/')[1]))).toEqual(new Set(['fetch']));
    const external = plan.map((c) => (c.strategy.id === 'undici-h2' ? { ...c, runner: { kind: 'h2load' as const } } : c));
    expect(new Set(ids(warmupCases(external, 1, runs)).map((id) => id.split('/')[1]))).toEqual(new Set(['fetch']));
  });
});

describe('muxbench run --warmup', () => {
  let dir = '';
  let file = '';
  let log = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'muxbench-warmup-'));
    log = path.join(dir, 'opens.log');
    file = path.join(dir, 'client.mjs');
    await writeFile(
      file,
      `import { appendFileSync } from 'node:fs';
import http2 from 'node:http2';
import { once } from 'node:events';
export default {
  id: 'logs-opens', label: 'logs each open', library: 'node:http2', intent: 'one-connection', configuration: 'one session',
  async open(ctx) {
    appendFileSync(${JSON.stringify(log)}, 'open\\n');
    const session = http2.connect(ctx.origin, { ca: ctx.tls.ca });
    session.on('error', () => {});
    await once(session, 'remoteSettings');
    return {
      async ping(path) {
        const stream = session.request({ ':path': path });
        stream.resume();
        await once(stream, 'end');
      },
      close: () => new Promise((resolve) => session.close(resolve)),
    };
  },
};
`,
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const opens = async (): Promise<number> => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l === 'open').length;
  // With a strategy file and no --strategies, the file's strategy is the only row.
  const flags = () => ({ quick: true, scenario: 'seed', 'strategy-file': [file], repetitions: '2', quiet: true, 'no-write': true });

  it('runs N cases of each scenario before the measured ones and keeps none of them', async () => {
    const cold = await run(flags());
    const perCase = (await opens()) / 2;
    expect(cold.options.warmup).toBeUndefined();
    expect(perCase).toBeGreaterThanOrEqual(1);

    await writeFile(log, '');
    const warmed = await run({ ...flags(), warmup: '3' });
    expect(await opens()).toBe((3 + 2) * perCase);
    expect(warmed.options.warmup?.cases).toBe(3);
    expect(warmed.runs.map((r) => r.repetition)).toEqual([0, 1]);
    // The first measured case counts its own connections only, as the server does.
    for (const r of warmed.runs) {
      expect(r.status).toBe('ok');
      expect(r.connections.opened).toBe(r.connections.serverAccepted);
    }
  }, 120_000);
});
