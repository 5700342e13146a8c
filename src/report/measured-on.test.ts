/**
 * Every format names the runtime the cases were measured on, before anything else, and
 * labels muxbench's own Node and dependencies as muxbench's. One real quick run on
 * Node 26 from the runtime cache (`--node 26`, with its undici 8 and got 16) while the
 * test and muxbench run on another Node: a report that printed muxbench's own versions
 * (Node 20, undici 7) as the measured ones fails here.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { Results } from '../results.js';

const dir = mkdtempSync(join(tmpdir(), 'muxbench-measured-on-'));
const file = (name: string): string => join(dir, name);
const read = (name: string): string => readFileSync(file(name), 'utf8');

let results: Results;
let terminal = '';
/** muxbench's own versions, which must never be shown as the measured ones. */
const ownNode = process.versions.node;
let ownUndici = '';

beforeAll(async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    [
      'run', '--quick', '--node', '26', '--scenario', 'burst', '--strategies', 'undici-h2,fetch', '--quiet', '--no-config',
      '--out', file('results'), '--html', file('report.html'), '--export-csv', file('out.csv'),
      '--export-github-benchmark', file('gh.json'), '--export-markdown', file('summary.md'),
    ],
    { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {} },
  );
  expect(code, err.join('')).toBe(0);
  terminal = out.join('');
  const json = readdirSync(file('results')).find((f) => f.endsWith('.json'));
  results = JSON.parse(readFileSync(join(file('results'), json ?? ''), 'utf8')) as Results;
  ownUndici = results.environment.dependencies['undici'] ?? '';
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines of `text` that name muxbench's own Node or undici; each must say it is muxbench's. */
function ownVersionLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes(`Node ${ownNode}`) || l.includes(`Node v${ownNode}`) || l.includes(`undici ${ownUndici}`));
}

describe('a run on Node 26 from muxbench on another Node', () => {
  it('measured on another Node and undici than muxbench runs (the premise)', () => {
    const [measured] = results.measuredOn ?? [];
    expect(measured?.id).toBe('node26');
    expect(measured?.node).toMatch(/^26\./);
    expect(measured?.packages['undici']).toMatch(/^8\./);
    expect(measured?.openssl).toMatch(/^\d/);
    expect(measured?.node).not.toBe(ownNode);
    expect(measured?.packages['undici']).not.toBe(ownUndici);
  });

  it('JSON: measuredOn comes before environment, which is labelled as muxbench\'s', () => {
    const text = readdirSync(file('results')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(file('results'), f), 'utf8'))[0] ?? '';
    expect(text.indexOf('"measuredOn"')).toBeGreaterThan(0);
    expect(text.indexOf('"measuredOn"')).toBeLessThan(text.indexOf('"environment"'));
    expect(results.environment.scope).toBe('muxbench');
    expect(results.environment.node).toBe(ownNode);
    // Each run's own record agrees with measuredOn.
    for (const run of results.runs) expect(run.runtime?.node).toBe(results.measuredOn?.[0]?.node);
  });

  it('terminal: "measured on" names Node 26 and undici 8 before muxbench\'s own versions, which are labelled', () => {
    const lines = terminal.split('\n');
    const measured = lines.findIndex((l) => l.startsWith('measured on: node26: Node 26.'));
    expect(measured).toBeGreaterThan(-1);
    expect(lines[measured]).toMatch(/undici 8\.\d+\.\d+/);
    const own = ownVersionLines(terminal);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(new RegExp(`^muxbench itself ran on Node ${ownNode.replaceAll('.', '\\.')} `));
    expect(lines.indexOf(own[0] ?? '')).toBeGreaterThan(measured);
  });

  it('Markdown (the report and the exported summary): the measured runtime first, muxbench\'s own labelled', () => {
    const md = read(readdirSync(file('results')).map((f) => join('results', f)).find((f) => f.endsWith('.md')) ?? '');
    const measured = md.indexOf('- Measured on node26: Node 26.');
    expect(measured).toBeGreaterThan(-1);
    expect(md.slice(measured).split('\n')[0]).toMatch(/undici 8\.\d+\.\d+/);
    const own = ownVersionLines(md);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/^- muxbench itself ran on Node /);
    expect(md.indexOf(own[0] ?? '')).toBeGreaterThan(measured);
    const summary = read('summary.md');
    expect(summary).toMatch(/measured on node26: Node 26\.\d+\.\d+, undici 8\./);
    expect(ownVersionLines(summary)).toEqual([]);
  });

  it('HTML: "Measured on" Node 26 and undici 8 heads the page; muxbench\'s own versions only in its labelled line', () => {
    const html = read('report.html');
    const text = html.replace(/<(li|p|div|h\d|tr)\b/g, '\n$&').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
    const measured = text.indexOf('Measured on node26: Node 26.');
    expect(measured).toBeGreaterThan(-1);
    expect(measured).toBeLessThan(text.indexOf('strategy'));
    expect(text.slice(measured).split('\n')[0]).toMatch(/undici 8\.\d+\.\d+/);
    const own = ownVersionLines(text);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/^muxbench itself ran on Node /);
  });

  it('CSV and github-action-benchmark name Node 26 and undici 8 on every row', () => {
    const [header, ...rows] = read('out.csv').trimEnd().split('\r\n');
    expect(header).toBe('scenario,strategy,runtime,node,libraries,repetition,status,metric,value,unit');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^burst,(undici-h2|fetch),node26,26\.\d+\.\d+,"undici 8\.[^"]*",/);
    const entries = JSON.parse(read('gh.json')) as Array<{ extra: string }>;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.extra).toMatch(/Node 26\.\d+\.\d+, undici 8\./);
      expect(e.extra).not.toContain(`Node ${ownNode}`);
    }
  });
});
