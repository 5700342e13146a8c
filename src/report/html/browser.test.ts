/**
 * The HTML report in a real browser: headless Chromium (Debian package `chromium`) opens
 * the file offline and every chart must have drawn marks with a size, with no console
 * error. Without Chromium the test is skipped with a reason, except in CI, where it must run.
 * Set MUXBENCH_SCREENSHOT=/path.png to keep the full-page screenshot. The first screen
 * (1280 × 800) must hold the summary a reviewer cites; its screenshots go to .tmp/
 * (git-ignored) for a person to look at.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../compare/compare.js';
import { fixtureResults } from '../../../test/support/report-fixture.js';
import { SWEEP_FIXTURE_CHARTS, sweepFixtureResults } from '../../../test/support/sweep-fixture.js';
import type { Results } from '../../results.js';
import { renderHtml } from './render.js';
import { SUMMARY_COLUMNS } from './summary.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it (apt-get install -y chromium, see .ci/run)`);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface ChartCheck {
  id: string;
  marks: number;
  width: number;
  height: number;
}

describe.skipIf(!haveChromium)(`HTML report in headless Chromium (${haveChromium ? CHROMIUM : `skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium`})`, () => {
  let browser: Browser;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muxbench-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders every chart, with no console error, offline', async () => {
    const results = sweepFixtureResults();
    results.comparison = compareResults(fixtureResults(), results, { baseLabel: 'results/baseline.json' });
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(results));

    const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const checks = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? svg.querySelectorAll('rect.bar, path.line, circle.point').length : 0;
        return { id: figure.getAttribute('data-chart') ?? '', marks, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(checks.map((c: ChartCheck) => c.id)).toEqual(SWEEP_FIXTURE_CHARTS);
    for (const c of checks) {
      expect(c.marks, `${c.id} has marks`).toBeGreaterThan(0);
      expect(c.width, `${c.id} has a width`).toBeGreaterThan(100);
      expect(c.height, `${c.id} has a height`).toBeGreaterThan(50);
    }
    // Bars really have a drawn size (not just elements): the largest bar of each bar chart.
    const widest = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => Math.max(0, ...[...f.querySelectorAll('rect.bar')].map((r) => r.getBoundingClientRect().width))),
    );
    expect(widest.slice(0, 4).every((w) => w > 100)).toBe(true);
    expect(problems).toEqual([]);
    // Only the file itself was loaded: nothing fetched.
    expect(requests).toEqual([pathToFileURL(file).href]);

    const png = process.env.MUXBENCH_SCREENSHOT ?? join(dir, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect((await stat(png)).size).toBeGreaterThan(10_000);
    await context.close();
  });
});

/** The fixture as a run on Node 26 through a runtime variant, as a default run is. */
function onNode26(): Results {
  const results = fixtureResults();
  const runtime = { id: 'node26', node: '26.10.0', openssl: '3.5.4', nghttp2: '1.66.0', packages: { undici: '8.14.0', got: '16.1.0', 'undici (bundled, fetch)': '8.10.2' } };
  results.runs = results.runs.map((r) => ({ ...r, runtime }));
  results.aggregates = results.aggregates.map((a) => ({ ...a, runtime: 'node26' }));
  results.variants = [{ id: 'node26', node: '26.10.0', bin: '/cache/node/26/bin/node', packages: { undici: '8.14.0', got: '16.1.0' } }];
  return results;
}

/** A committed default run: 3 scenarios × 9 strategies and h2load, 3 repetitions, 15 verdict groups. */
const baseline = (): Results => JSON.parse(readFileSync(new URL('../../../results/baseline.json', import.meta.url), 'utf8')) as Results;

const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = fileURLToPath(new URL('../../../.tmp/', import.meta.url));

interface FirstScreen {
  measured: { text: string; bottom: number };
  table: { bottom: number; right: number };
  scenarios: string[];
  rows: Array<{ cells: string[]; bottom: number }>;
  verdictCells: Array<{ text: string; bottom: number }>;
  verdictItems: Array<{ text: string; bottom: number }>;
  openDetails: number;
  hiddenNotes: number;
  pageWidth: number;
}

describe.skipIf(!haveChromium)('the HTML report\'s first screen in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function firstScreen(name: string, results: Results): Promise<FirstScreen> {
    const file = join(SHOTS, `html-first-screen-${name}.html`);
    await writeFile(file, renderHtml(results));
    const context = await browser.newContext({ offline: true, viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const png = join(SHOTS, `html-first-screen-${name}.png`);
    await page.screenshot({ path: png });
    expect((await stat(png)).size).toBeGreaterThan(10_000);
    const seen = await page.evaluate(() => {
      const box = (el: Element | null) => el?.getBoundingClientRect() ?? { bottom: Infinity, right: Infinity };
      const measured = document.querySelector('.measured');
      return {
        measured: { text: measured?.textContent ?? '', bottom: box(measured).bottom },
        table: { bottom: box(document.querySelector('table.summary')).bottom, right: box(document.querySelector('table.summary')).right },
        scenarios: [...document.querySelectorAll('table.summary tbody')].map((t) => t.id),
        rows: [...document.querySelectorAll('table.summary tbody tr:not(.scenario)')].map((tr) => ({
          cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
          bottom: tr.getBoundingClientRect().bottom,
        })),
        verdictCells: [...document.querySelectorAll('table.summary td.v span')].map((s) => ({ text: s.textContent ?? '', bottom: s.getBoundingClientRect().bottom })),
        verdictItems: [...document.querySelectorAll('ul.verdicts li')].map((li) => ({ text: li.textContent ?? '', bottom: li.getBoundingClientRect().bottom })),
        openDetails: document.querySelectorAll('details[open]').length,
        // Every repetition's verdicts are collapsed: present, but not drawn.
        hiddenNotes: [...document.querySelectorAll('details ul.notes')].filter((ul) => !ul.checkVisibility()).length,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    await context.close();
    return seen;
  }

  /** What every first screen holds: the measured runtime, every scenario's rows with counts and timings ± spread, and their verdicts. */
  function expectSummaryOnScreen(seen: FirstScreen, results: Results): void {
    const fits = VIEWPORT.height;
    expect(seen.measured.text).toMatch(/^Measured on /);
    expect(seen.measured.bottom).toBeLessThanOrEqual(fits);
    expect(seen.table.bottom, 'the whole summary table is on the first screen').toBeLessThanOrEqual(fits);
    expect(seen.pageWidth, 'no horizontal scrolling').toBeLessThanOrEqual(VIEWPORT.width);
    expect(seen.scenarios).toEqual(results.scenarios.map((s) => `summary-${s.id}`));
    expect(seen.rows).toHaveLength(results.aggregates.length);
    const col = (name: string): number => SUMMARY_COLUMNS.indexOf(name);
    for (const row of seen.rows) {
      expect(row.bottom).toBeLessThanOrEqual(fits);
      expect(row.cells).toHaveLength(SUMMARY_COLUMNS.length);
      expect(row.cells[col('protocol')]).toMatch(/^(h2|http\/1\.1)$/);
      expect(row.cells[col('conns cold/warm')]).toMatch(/^\d+(–\d+)? \/ \d+(–\d+)?$/);
      expect(row.cells[col('TLS full/resumed')]).toMatch(/^\d+(–\d+)? \/ \d+(–\d+)?$/);
      expect(row.cells[col('peak streams/conn')]).toMatch(/^\d+$/);
      // Timings with their spread over repetitions.
      for (const timing of ['p50 [ms]', 'p99 [ms]', 'throughput [req/s]']) expect(row.cells[col(timing)]).toMatch(/^[\d.,]+ ± [\d.,]+$/);
    }
    const fired = new Set(results.runs.flatMap((r) => r.verdicts.filter((v) => v.severity !== 'ok').map((v) => v.rule)));
    expect(fired.size).toBeGreaterThan(0);
    for (const rule of fired) expect(seen.verdictCells.some((c) => c.text.includes(rule))).toBe(true);
    for (const cell of seen.verdictCells) expect(cell.bottom).toBeLessThanOrEqual(fits);
    expect(seen.openDetails).toBe(0);
  }

  it('a run on Node 26: the measured runtime, the table, and every verdict with its message', async () => {
    const results = onNode26();
    const seen = await firstScreen('node26-fixture', results);
    expectSummaryOnScreen(seen, results);
    expect(seen.measured.text).toContain('Measured on node26: Node 26.10.0, undici 8.14.0, got 16.1.0');
    // The verdict once (it fired in one repetition of two), its message, and the errors line, all on screen.
    expect(seen.verdictItems.map((v) => v.text)).toEqual([
      'errors: http2-single-session: 12 of 2,200 requests failed: REFUSED_STREAM ×12.',
      expect.stringMatching(/^✗ undici-h2 cold-burst-fan-out \(rep 0 of 2\): opened 100 HTTP\/2 connections.*fix: new Agent/),
    ]);
    for (const item of seen.verdictItems) expect(item.bottom).toBeLessThanOrEqual(VIEWPORT.height);
    expect(seen.hiddenNotes).toBeGreaterThan(0);
  });

  it('a default run (3 scenarios × 10 rows, 3 repetitions): every row and its verdicts fit the first screen', async () => {
    const results = baseline();
    const seen = await firstScreen('default-run', results);
    expectSummaryOnScreen(seen, results);
    // Grouped per strategy × rule: undici-h2's fan-out fired in all 3 repetitions of every scenario, shown once each.
    expect(seen.verdictItems.filter((v) => v.text.includes('undici-h2 cold-burst-fan-out'))).toHaveLength(3);
    expect(seen.verdictItems.filter((v) => v.text.includes('undici-h2 cold-burst-fan-out (reps 0–2 of 3)'))).toHaveLength(3);
  });
});
