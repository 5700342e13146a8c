/**
 * The lifetime table in every format that shows tables: the server's counts of a case,
 * as given, in the terminal, Markdown and HTML; nothing when no case ran the scenario.
 */
import { describe, expect, it } from 'vitest';
import type { LifetimeResult, Results } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderHtml } from './html/render.js';
import { renderJson } from './json.js';
import { lifetimeRows } from './lifetime-rows.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

const LIFE: LifetimeResult = {
  origins: 3,
  gapsMs: [500, 2000, 6000],
  opened: 7,
  openOverTime: [
    { atMs: 0, open: 0, label: 'burst 1 start' },
    { atMs: 12, open: 6, label: 'burst 1 end' },
    { atMs: 9000, open: 3, label: 'end' },
  ],
  peakOpen: 6,
  closedByClient: 4,
  closedByClientIdleMs: [4001.5, 4012],
  closedByServer: 0,
  openAtEnd: 3,
  openAtEndMinIdleMs: 6000.2,
  perOrigin: [
    { origin: 0, opened: 3, peakOpen: 2, closedByClient: 2, closedByServer: 0, openAtEnd: 1 },
    { origin: 1, opened: 2, peakOpen: 2, closedByClient: 1, closedByServer: 0, openAtEnd: 1 },
    { origin: 2, opened: 2, peakOpen: 2, closedByClient: 1, closedByServer: 0, openAtEnd: 1 },
  ],
};

function withLifetimeRun(): Results {
  const results = fixtureResults();
  const first = results.runs[0]!;
  const scenario = { ...results.scenarios[0]!, id: 'lifetime', lifetime: { origins: 3, gapsMs: [500, 2000, 6000] } };
  results.scenarios.push(scenario);
  results.runs.push({ ...first, scenario: 'lifetime', concurrency: 2, lifetime: LIFE });
  return results;
}

describe('lifetime table', () => {
  it('one row per lifetime case, the server counts as given', () => {
    const results = withLifetimeRun();
    const strategy = results.runs.at(-1)!.strategy;
    expect(lifetimeRows(results)).toEqual([[`${strategy} #1`, '3', '7', '6', '0 → 6 → 3', '4', '4002–4012', '0', '3', '1 / 1 / 1']]);
  });

  it('in the Markdown, the HTML and the terminal; the JSON keeps the raw figures', () => {
    const results = withLifetimeRun();
    const md = renderMarkdown(results);
    expect(md).toContain('## Connection lifetime');
    expect(md).toMatch(/\| 3 \| 7 \| 6 \| 0 → 6 → 3 \| 4 \| 4002–4012 \| 0 \| 3 \| 1 \/ 1 \/ 1 \|/);
    expect(md).toContain('2 concurrent requests to each of 3 origins per burst, idle gaps 500 / 2000 / 6000 ms');
    const html = renderHtml(results);
    expect(html).toContain('<section class="lifetime" id="lifetime"><h2>Connection lifetime</h2>');
    expect(html).toContain('<td class="num">4002–4012</td>');
    const terminal = renderTerminal(results);
    expect(terminal).toContain("lifetime (server's count)");
    expect(terminal).toMatch(/#1 +3 +7 +6 +0 → 6 → 3 +4 +4002–4012 +0 +3 +1 \/ 1 \/ 1/);
    expect(JSON.parse(renderJson(results)).runs.at(-1).lifetime).toEqual(LIFE);
  });

  it('nothing without a lifetime case', () => {
    const results = fixtureResults();
    expect(lifetimeRows(results)).toEqual([]);
    expect(renderMarkdown(results)).not.toContain('Connection lifetime');
    expect(renderHtml(results)).not.toContain('id="lifetime"');
    expect(renderTerminal(results)).not.toContain('lifetime (server');
  });
});
