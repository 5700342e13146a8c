/**
 * The HTML report in a real browser: headless Chromium (Debian package `chromium`) opens
 * the file offline and every chart must have drawn marks with a size, with no console
 * error. Without Chromium the test is skipped with a reason, except in CI, where it must run.
 * Set MUXBENCH_SCREENSHOT=/path.png to keep the full-page screenshot.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../compare/compare.js';
import { fixtureResults } from '../../../test/support/report-fixture.js';
import { SWEEP_FIXTURE_CHARTS, sweepFixtureResults } from '../../../test/support/sweep-fixture.js';
import { renderHtml } from './render.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`Chromium not found at ${CHROMIUM}; CI must install it (apt-get install -y chromium, see .ci/run)`);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

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
