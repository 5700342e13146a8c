/**
 * Soak: per strategy (--strategies, comma-separated or `all` for every built-in one), one
 * open-loop `muxbench run` at a fixed rate for --minutes (default 10), sampling
 * the resident memory (VmRSS) and open file descriptors (/proc/<pid>/fd) of muxbench and
 * its children (the ping server, the case's worker) every --every seconds. Prints the
 * samples as a table, then per process role the least-squares slope over the samples after
 * the first 20 % of the run (start-up: JIT, pools, TLS caches) with its 95 % interval, and a
 * verdict: "flat" when the interval's upper end is below the tolerance (--rss-tolerance
 * MB/min, --fd-tolerance fd/min), "growing" when its lower end is above 0, "undecided"
 * otherwise (run longer). With several strategies, each runs in its own `muxbench run`
 * one after the other (its own server and worker, so nothing of one strategy is in
 * another's samples), and a Markdown table of every strategy's slopes and verdict ends the
 * output. A benchmark, not a test: nothing is
 * asserted; the exit code is 0 unless the run itself failed. Linux only (/proc).
 *
 * `--ledger-records N` (default 10,000): the server ledger keeps N requests as records,
 * then summarises (src/targets/server-ledger.ts; a plain run keeps 100,000). At 200 req/s
 * the default 100,000 are reached after 8.3 minutes, so a 10-minute soak would fit its
 * slope to the bounded record phase (measured: server +5.2 MB/min until then, flat after);
 * 10,000 are reached within the first 20 % the slopes skip, so the slope is the steady state's.
 *
 * `--rate full`: no open loop, the sustained `throughput` scenario at full rate for
 * --minutes (`run --duration` without `--rate`).
 *
 * Usage: npm run bench:soak -- [--minutes M] [--rate R|full] [--strategies IDS] [--every S]
 *          [--node SPEC] [--rss-tolerance MB] [--fd-tolerance N] [--ledger-records N]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tQuantile } from '../src/stats/interval.js';
import { strategies as builtIn } from '../src/strategies/registry.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    strategies: { type: 'string', default: 'http2-single-session' },
    scenario: { type: 'string', default: 'burst' },
    every: { type: 'string', default: '5' },
    node: { type: 'string', default: 'current' },
    'rss-tolerance': { type: 'string', default: '1' },
    'fd-tolerance': { type: 'string', default: '0.5' },
    'ledger-records': { type: 'string', default: '10000' },
  },
});
const minutes = Number(values.minutes);
const fullRate = values.rate === 'full';
const rate = fullRate ? Infinity : Number(values.rate);
const everyMs = Number(values.every) * 1000;
const rssTolerance = Number(values['rss-tolerance']);
const fdTolerance = Number(values['fd-tolerance']);
const ledgerRecords = Number(values['ledger-records']);
// `run --duration` takes whole seconds up to 4 hours.
const durationS = Math.round(minutes * 60);
if (!(durationS >= 10 && durationS <= 14_400) || !(rate >= 1) || !(everyMs >= 500) || !(rssTolerance > 0) || !(fdTolerance > 0) || !(Number.isInteger(ledgerRecords) && ledgerRecords >= 1)) {
  process.stderr.write('usage: npm run bench:soak -- [--minutes 0.2-240] [--rate R >= 1 | full] [--every S >= 0.5] [--strategies IDS] [--node SPEC] [--ledger-records N >= 1]\n');
  process.exit(2);
}
if (process.platform !== 'linux') {
  process.stderr.write('bench:soak reads /proc: Linux only\n');
  process.exit(2);
}

type Role = 'muxbench' | 'server' | 'worker';
interface Sample {
  at: number;
  /** The worker processes alive at the sample (one per case): samples of one case share it. */
  workers: string;
  rssMb: Record<Role, number>;
  fds: Record<Role, number>;
}
const ROLES: readonly Role[] = ['muxbench', 'server', 'worker'];

const bin = fileURLToPath(new URL('../bin/muxbench.js', import.meta.url));

interface RoleFit {
  rss: Fit | undefined;
  fd: Fit | undefined;
  rssCall: Call;
  fdCall: Call;
}
interface Fit {
  slope: number;
  low: number;
  high: number;
}
type Call = 'flat' | 'growing' | 'undecided';
interface Soaked {
  strategy: string;
  code: number | null;
  samples: number;
  roles: Record<Role, RoleFit>;
  verdict: string;
}

async function soak(strategy: string): Promise<Soaked> {
  const args = [
    bin, 'run', '--scenario', fullRate ? 'throughput' : values.scenario, '--strategies', strategy, '--repetitions', '1',
    ...(fullRate ? [] : ['--rate', String(rate)]), '--duration', String(durationS), '--node', values.node, '--no-write', '--quiet',
  ];
  process.stdout.write(`\nsoak: muxbench ${args.slice(1).join(' ')}\n  sampling every ${everyMs / 1000} s for about ${minutes} min\n`);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MUXBENCH_LEDGER_RECORDS: String(ledgerRecords) },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  /** Every live process below `root` (itself included), from /proc/<pid>/stat's ppid. */
  function tree(root: number): number[] {
    const parent = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // The comm field may hold spaces and parentheses: the ppid is the 2nd field after the last ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parent.set(Number(name), ppid);
      } catch {
        // gone since readdir
      }
    }
    const out = [root];
    for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
    return out;
  }

  function roleOf(pid: number, root: number): Role {
    if (pid === root) return 'muxbench';
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('server-process') ? 'server' : 'worker';
  }

  function sample(root: number): Sample | undefined {
    const rssMb: Record<Role, number> = { muxbench: 0, server: 0, worker: 0 };
    const fds: Record<Role, number> = { muxbench: 0, server: 0, worker: 0 };
    const workers: number[] = [];
    let seen = 0;
    for (const pid of tree(root)) {
      try {
        const role = roleOf(pid, root);
        if (role === 'worker') workers.push(pid);
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        const open = readdirSync(`/proc/${pid}/fd`).length;
        rssMb[role] += Number(rss ?? 0) / 1024;
        fds[role] += open;
        seen++;
      } catch {
        // the process ended between listing and reading
      }
    }
    return seen > 0 ? { at: (performance.now() - started) / 60_000, workers: workers.sort().join(','), rssMb, fds } : undefined;
  }

  const samples: Sample[] = [];
  const root = child.pid;
  if (root === undefined) throw new Error('could not start muxbench');
  let done = false;
  void exited.then(() => (done = true));
  // Bounded: the run's own duration plus start-up and a margin, whatever happens.
  const deadline = performance.now() + durationS * 1000 + 120_000;
  while (!done && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    if (done) break;
    const s = sample(root);
    // Only while the case runs: the server and a worker are up.
    if (s && s.rssMb.worker > 0 && s.rssMb.server > 0) samples.push(s);
  }
  // The soak case is the worker seen most often; a sample with another (a process started
  // after the case, as the run ends) is no sample of it.
  const tally = new Map<string, number>();
  for (const s of samples) tally.set(s.workers, (tally.get(s.workers) ?? 0) + 1);
  const mainWorker = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const caseSamples = samples.filter((s) => s.workers === mainWorker);
  if (!done) child.kill('SIGTERM');
  const code = await exited;

  const pad = (text: string, n: number): string => text.padStart(n);
  process.stdout.write(`\n${pad('min', 6)} ${ROLES.map((r) => pad(`${r} MB`, 12)).join(' ')} ${ROLES.map((r) => pad(`${r} fds`, 13)).join(' ')}\n`);
  for (const s of caseSamples) {
    process.stdout.write(`${pad(s.at.toFixed(2), 6)} ${ROLES.map((r) => pad(s.rssMb[r].toFixed(1), 12)).join(' ')} ${ROLES.map((r) => pad(String(s.fds[r]), 13)).join(' ')}\n`);
  }

  /** Least-squares slope of y over x with its 95 % interval (t with n - 2 degrees of freedom). */
  function slope(xs: number[], ys: number[]): { slope: number; low: number; high: number } | undefined {
    const n = xs.length;
    if (n < 4) return undefined;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += ((xs[i] ?? 0) - mx) ** 2;
      sxy += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    }
    if (sxx === 0) return undefined;
    const b = sxy / sxx;
    let sse = 0;
    for (let i = 0; i < n; i++) sse += ((ys[i] ?? 0) - my - b * ((xs[i] ?? 0) - mx)) ** 2;
    const se = Math.sqrt(sse / (n - 2) / sxx);
    const t = tQuantile(0.975, n - 2);
    return { slope: b, low: b - t * se, high: b + t * se };
  }

  const first = caseSamples[0]?.at ?? 0;
  const fit = caseSamples.filter((s) => s.at >= first + 0.2 * minutes);
  process.stdout.write(`\nslopes over ${fit.length} samples after the first 20 % of the run (95 % interval):\n`);
  /** flat: the interval's upper end is below the tolerance; growing: its lower end is above 0; else undecided. */
  const call = (e: ReturnType<typeof slope>, tolerance: number): Call =>
    e === undefined ? 'undecided' : e.high < tolerance ? 'flat' : e.low > 0 ? 'growing' : 'undecided';
  const calls: Call[] = [];
  const roles = {} as Record<Role, RoleFit>;
  for (const role of ROLES) {
    const rss = slope(fit.map((s) => s.at), fit.map((s) => s.rssMb[role]));
    const fd = slope(fit.map((s) => s.at), fit.map((s) => s.fds[role]));
    const rssCall = call(rss, rssTolerance);
    const fdCall = call(fd, fdTolerance);
    calls.push(rssCall, fdCall);
    roles[role] = { rss, fd, rssCall, fdCall };
    const fmt = (e: typeof rss, unit: string): string =>
      e === undefined ? 'n/a (too few samples)' : `${e.slope >= 0 ? '+' : ''}${e.slope.toFixed(2)} ${unit}/min [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
    process.stdout.write(`  ${pad(role, 8)}  RSS ${fmt(rss, 'MB')} ${rssCall}; fds ${fmt(fd, 'fd')} ${fdCall}\n`);
  }
  const verdict = calls.every((c) => c === 'flat') ? 'flat' : calls.includes('growing') ? 'not flat: growing' : 'not flat: undecided (the intervals are too wide; run longer)';
  const requests = /(\d[\d,]*) of (\d[\d,]*) requests failed/.exec(output);
  process.stdout.write(`\nverdict: ${verdict} (tolerance: upper end of the interval below ${rssTolerance} MB/min and ${fdTolerance} fd/min per role)\n`);
  process.stdout.write(`muxbench exited ${String(code)}${requests ? `; ${requests[0]}` : ''}\n`);
  if (code !== 0) process.stdout.write(`--- muxbench output ---\n${output.slice(-3000)}\n`);
  return { strategy, code, samples: fit.length, roles, verdict };
}

const ids = values.strategies.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
const chosen = ids.includes('all') ? builtIn.map((st) => st.id) : ids;
const results: Soaked[] = [];
for (const strategy of chosen) results.push(await soak(strategy));
if (results.length > 1) {
  const f = (e: Fit | undefined): string => (e === undefined ? 'n/a' : `${e.slope >= 0 ? '+' : ''}${e.slope.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`);
  process.stdout.write(`\n| strategy | ${ROLES.map((r) => `${r} RSS MB/min`).join(' | ')} | ${ROLES.map((r) => `${r} fd/min`).join(' | ')} | verdict |\n`);
  process.stdout.write(`|---|${ROLES.map(() => '---:').join('|')}|${ROLES.map(() => '---:').join('|')}|---|\n`);
  for (const r of results) {
    process.stdout.write(`| ${r.strategy} | ${ROLES.map((role) => f(r.roles[role].rss)).join(' | ')} | ${ROLES.map((role) => f(r.roles[role].fd)).join(' | ')} | ${r.code === 0 ? r.verdict : `run failed (exit ${String(r.code)})`} |\n`);
  }
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
