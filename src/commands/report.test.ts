import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { renderHtml } from '../report/html/render.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { sweepFixtureResults } from '../../test/support/sweep-fixture.js';

function io(): { out: string[]; err: string[]; stdout: (t: string) => void; stderr: (t: string) => void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

describe('muxbench report', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muxbench-report-'));
    file = join(dir, 'results.json');
    await writeFile(file, renderJson(sweepFixtureResults()));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the HTML and Markdown of a results file, the same as the writers', async () => {
    const sink = io();
    const html = join(dir, 'out.html');
    const md = join(dir, 'out.md');
    expect(await main(['report', file, '--html', html, '--md', md], sink)).toBe(0);
    expect(sink.out.join('')).toBe(`html report: ${html}\nmarkdown report: ${md}\n`);
    const results = JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof sweepFixtureResults>;
    expect(await readFile(html, 'utf8')).toBe(renderHtml(results));
    expect(await readFile(md, 'utf8')).toBe(renderMarkdown(results));
  });

  it('needs a file and an output', async () => {
    const a = io();
    expect(await main(['report', file], a)).toBe(2);
    expect(a.err).toEqual(["muxbench: report needs an output: --html OUT.html and/or --md OUT.md (see 'muxbench --help')\n"]);
    const b = io();
    expect(await main(['report', '--html', join(dir, 'x.html')], b)).toBe(2);
    expect(b.err[0]).toMatch(/^muxbench: report needs one results file/);
    const c = io();
    expect(await main(['report', join(dir, 'nope.json'), '--html', join(dir, 'x.html')], c)).toBe(2);
    expect(c.err[0]).toMatch(/no such file/);
  });
});
