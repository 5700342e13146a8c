/**
 * `muxbench merge` on the results of two real runs (two "hosts": the same command run
 * twice against the real local ping server): the merged latency is, percentile for
 * percentile, the histogram of all their requests recorded together; counts add up; the
 * merged file goes through report, compare and every export; files that cannot be merged
 * are refused with one line (exit 2).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { readResultsFile } from '../compare/load.js';
import { run } from '../index.js';
import { exporters } from '../report/export/registry.js';
import { renderJson } from '../report/json.js';
import type { CaseResult, LatencySummary, Results } from '../results.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { mergeResults } from './merge.js';

let dir: string;
let a: Results;
let b: Results;
const files = { a: '', b: '', merged: '' };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** One host's run: a one-connection and a connection-per-request strategy, a real cold and warm burst. */
function host(): Promise<Results> {
  return run({
    scenario: 'burst',
    strategies: 'http2-single-session,http2-session-per-request',
    quick: true,
    concurrency: '8',
    'no-write': true,
    stdout: () => {},
  });
}

/** Every value a histogram holds (each bucket's value, as often as it was recorded). */
function recordedValues(encoded: string): Array<{ us: number; count: number }> {
  const h = hdr.decodeFromCompressedBase64(encoded, 32, false) as hdr.JsHistogram;
  const it = h.recordedValuesIterator;
  it.reset();
  const out: Array<{ us: number; count: number }> = [];
  while (it.hasNext()) {
    const v = it.next();
    out.push({ us: v.valueIteratedTo, count: v.countAtValueIteratedTo });
  }
  return out;
}

/** The two hosts' requests recorded one by one into one fresh histogram: what one host measuring them all would hold. */
function recordedTogether(encoded: string[]): { hdr: hdr.Histogram; recorder: LatencyRecorder } {
  const together = hdr.build({ useWebAssembly: false, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  for (const e of encoded) for (const { us, count } of recordedValues(e)) for (let i = 0; i < count; i++) together.recordValue(us);
  return { hdr: together, recorder: LatencyRecorder.decode(hdr.encodeIntoCompressedBase64(together)) };
}

const PERCENTILES = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

function key(r: CaseResult): string {
  return `${r.scenario}/${r.strategy}/${r.repetition}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'muxbench-merge-'));
  a = await host();
  b = await host();
  files.a = join(dir, 'a.json');
  files.b = join(dir, 'b.json');
  files.merged = join(dir, 'merged.json');
  await writeFile(files.a, renderJson(a));
  await writeFile(files.b, renderJson(b));
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('muxbench merge', () => {
  it('merged latency equals, percentile for percentile, the histogram of all both hosts requests recorded together', async () => {
    const done = await cli(['merge', files.a, files.b, '-o', files.merged]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^merged 2 hosts, 2 cases, \d+ requests: /);
    const merged = await readResultsFile(files.merged);
    expect(merged.runs.map(key)).toEqual(a.runs.map(key));
    for (const m of merged.runs) {
      const ra = a.runs.find((r) => key(r) === key(m))!;
      const rb = b.runs.find((r) => key(r) === key(m))!;
      const pairs: Array<[string, string, string, LatencySummary, LatencySummary, LatencySummary]> = [
        [m.histograms!.latency, ra.histograms!.latency, rb.histograms!.latency, m.latencyMs, ra.latencyMs, rb.latencyMs],
        [m.histograms!.coldLatency, ra.histograms!.coldLatency, rb.histograms!.coldLatency, m.coldLatencyMs, ra.coldLatencyMs, rb.coldLatencyMs],
      ];
      for (const [mergedEncoded, ea, eb, summary, sa, sb] of pairs) {
        const together = recordedTogether([ea, eb]);
        const mergedHdr = hdr.decodeFromCompressedBase64(mergedEncoded, 32, false);
        expect(mergedHdr.totalCount).toBe(together.hdr.totalCount);
        expect(mergedHdr.totalCount).toBe(LatencyRecorder.decode(ea).count + LatencyRecorder.decode(eb).count);
        for (const q of PERCENTILES) expect(mergedHdr.getValueAtPercentile(q), `p${q}`).toBe(together.hdr.getValueAtPercentile(q));
        expect(mergedHdr.mean).toBe(together.hdr.mean);
        expect(mergedHdr.stdDeviation).toBe(together.hdr.stdDeviation);
        // The summary in the file: the together histogram's, with the hosts' exact extremes.
        expect(summary).toEqual(together.recorder.summary({ min: Math.min(sa.min, sb.min), max: Math.max(sa.max, sb.max) }));
      }
      // Phases: every successful request of both hosts, in its group.
      expect(m.phasesMs!.newConnection.requests).toBe(ra.phasesMs!.newConnection.requests + rb.phasesMs!.newConnection.requests);
      expect(m.phasesMs!.reused.requests).toBe(ra.phasesMs!.reused.requests + rb.phasesMs!.reused.requests);
    }
  });

  it('counts add up, the hosts are kept, and the aggregates are of the merged cases', async () => {
    const merged = await readResultsFile(files.merged);
    for (const m of merged.runs) {
      const [ra, rb] = [a, b].map((h) => h.runs.find((r) => key(r) === key(m))!) as [CaseResult, CaseResult];
      expect(m.requests.total).toBe(ra.requests.total + rb.requests.total);
      expect(m.requests.ok).toBe(ra.requests.ok + rb.requests.ok);
      expect(m.requests.failed).toBe(ra.requests.failed + rb.requests.failed);
      const c = m.connections;
      expect(c.opened).toBe(ra.connections.opened + rb.connections.opened);
      expect(c.tlsFull).toBe(ra.connections.tlsFull + rb.connections.tlsFull);
      expect(c.tlsResumed).toBe(ra.connections.tlsResumed + rb.connections.tlsResumed);
      expect(c.cold.opened).toBe(ra.connections.cold.opened + rb.connections.cold.opened);
      expect(c.alpn.h2).toBe((ra.connections.alpn.h2 ?? 0) + (rb.connections.alpn.h2 ?? 0));
      expect(c.requestsPerConnection.length).toBe(c.opened);
      // The servers' own counts add up too, and still agree with the clients'.
      expect(c.server!.accepted).toBe(ra.connections.server!.accepted + rb.connections.server!.accepted);
      expect(c.server!.accepted).toBe(c.opened);
      expect(c.server!.tlsFull).toBe(c.tlsFull);
      expect(m.throughputRps).toBeCloseTo(ra.throughputRps + rb.throughputRps, 6);
    }
    // The one-connection strategy: one connection per host.
    expect(merged.runs.find((r) => r.strategy === 'http2-single-session')!.connections.opened).toBe(2);
    expect(merged.aggregates.map((g) => g.requests.total)).toEqual(merged.runs.map((r) => r.requests.total));
    expect(merged.hosts!.map((h) => h.file)).toEqual([files.a, files.b]);
    // The written file labels its environment as muxbench's own (scope); the in-memory results do not carry the label.
    const { scope: _merged, ...hostEnv } = merged.hosts![1]!.environment;
    const { scope: _b, ...bEnv } = b.environment;
    expect(hostEnv).toEqual(bEnv);
    expect(merged.hosts![0]!.startedAt).toBe(a.startedAt);
    expect(merged.command).toContain('merge');
  });

  it("keeps what the hosts' failed requests said: counts per code add up, each host's messages stay", () => {
    const withErrors = (r: Results, message: string, count: number): Results => {
      const copy = structuredClone(r);
      copy.runs[0]!.errorDetails = { TypeError: { count, messages: [message] } };
      return copy;
    };
    const merged = mergeResults(
      [
        { file: 'a.json', results: withErrors(a, 'host a: planted', 2) },
        { file: 'b.json', results: withErrors(b, 'host b: planted', 3) },
      ],
      { command: 'test', toolVersion: '0' },
    );
    const run = merged.runs.find((r) => key(r) === key(a.runs[0]!))!;
    expect(run.errorDetails?.['TypeError']?.count).toBe(5);
    expect(run.errorDetails?.['TypeError']?.messages).toEqual(['host a: planted', 'host b: planted']);
  });

  it('the merged file goes through report, compare and every export', async () => {
    const html = join(dir, 'merged.html');
    const md = join(dir, 'merged.md');
    expect((await cli(['report', files.merged, '--html', html, '--md', md])).code).toBe(0);
    expect(await readFile(md, 'utf8')).toContain('http2-session-per-request');
    expect(await readFile(html, 'utf8')).toContain('<svg');
    const compared = await cli(['compare', files.a, files.merged]);
    expect(compared.stderr).toBe('');
    expect(compared.code).toBe(0);
    const merged = await readResultsFile(files.merged);
    for (const e of exporters) expect(e.render(merged), e.flag).toContain('http2-single-session');
    // A merged file merges again: its hosts come along, its counts add.
    const three = join(dir, 'three.json');
    expect((await cli(['merge', files.merged, files.a, '-o', three])).code).toBe(0);
    const again = await readResultsFile(three);
    expect(again.hosts!.map((h) => h.file)).toEqual([files.a, files.b, files.a]);
    expect(again.runs[0]!.requests.total).toBe(2 * a.runs[0]!.requests.total + b.runs[0]!.requests.total);
  });

  it('refuses files of different scenarios or cases, older files without histograms, and a single file, with one line (exit 2)', async () => {
    const variant = async (name: string, change: (r: Results) => void): Promise<string> => {
      const copy = structuredClone(b);
      change(copy);
      const file = join(dir, name);
      await writeFile(file, renderJson(copy));
      return file;
    };
    const refused = async (args: string[], why: RegExp): Promise<void> => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    };
    const otherScenario = await variant('c.json', (r) => {
      r.scenarios[0]!.concurrency = 16;
    });
    await refused(['merge', files.a, otherScenario, '-o', join(dir, 'x.json')], /a\.json and .*c\.json measured different scenarios; merge only files written by the same 'muxbench run' command/);
    const otherOptions = await variant('d.json', (r) => {
      r.options.repetitions = 2;
    });
    await refused(['merge', files.a, otherOptions, '-o', join(dir, 'x.json')], /measured different options/);
    const older = await variant('e.json', (r) => {
      for (const run of r.runs) delete run.histograms;
    });
    await refused(['merge', files.a, older, '-o', join(dir, 'x.json')], /e\.json has no latency histograms .*re-run that host with this muxbench/);
    const fewer = await variant('f.json', (r) => {
      r.runs.pop();
    });
    await refused(['merge', files.a, fewer, '-o', join(dir, 'x.json')], /f\.json has no case burst × http2-session-per-request repetition 0/);
    await refused(['merge', files.a, '-o', join(dir, 'x.json')], /at least two results files/);
    await refused(['merge', files.a, files.b], /needs an output: -o MERGED\.json/);
    await expect(readFile(join(dir, 'x.json'))).rejects.toThrow(/ENOENT/);
    const help = await cli(['merge', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: muxbench merge /);
  });
});
