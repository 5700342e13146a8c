import { describe, expect, it } from 'vitest';
import type { Results, RuntimeInfo } from '../results.js';
import { aggregate } from '../stats/aggregate.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderHtml } from './html/render.js';
import { renderMarkdown } from './markdown.js';
import { matrixScenarios, renderMatrixText } from './matrix.js';
import { renderTable } from './table.js';
import { verdictGroups } from './verdict-groups.js';

const runtime = (id: string, node: string): RuntimeInfo => ({ id, node, packages: { undici: id === 'node20' ? '7.30.2' : '8.13.1' } });

/** The fixture's runs twice, once per variant; node26's copy opens a single cold connection and is twice as fast. */
function twoVariants(): Results {
  const base = fixtureResults();
  const runs = base.runs.flatMap((run) => [
    { ...run, runtime: runtime('node20', '20.20.2') },
    {
      ...run,
      runtime: runtime('node26', '26.10.0'),
      throughputRps: run.throughputRps * 2,
      connections: { ...run.connections, cold: { ...run.connections.cold, opened: 1 } },
    },
  ]);
  return {
    ...base,
    runs,
    aggregates: aggregate(runs),
    variants: [
      { id: 'node20', node: '20.20.2', bin: '/cache/node/20/bin/node', packages: { undici: '7.30.2' } },
      { id: 'node26', node: '26.10.0', bin: '/cache/node/26/bin/node', packages: { undici: '8.13.1' } },
    ],
  };
}

describe('runtime × library matrix', () => {
  it('is absent with one variant (every existing report stays as it was)', () => {
    const one = fixtureResults();
    expect(matrixScenarios(one)).toEqual([]);
    expect(renderMatrixText(one)).toBe('');
    expect(renderMarkdown(one)).not.toContain('Runtime × library matrix');
  });

  it('has one row per strategy and one column per variant, each cell from that variant only', () => {
    const results = twoVariants();
    const [burst] = matrixScenarios(results).filter((m) => m.scenario.id === 'burst');
    expect(burst?.columns).toEqual(['node20', 'node26']);
    const strategies = [...new Set(fixtureResults().runs.filter((r) => r.scenario === 'burst').map((r) => r.strategy))];
    expect(burst?.rows.map((r) => r.strategy)).toEqual(strategies);
    for (const row of burst?.rows ?? []) {
      const agg = (id: string) => results.aggregates.find((a) => a.scenario === 'burst' && a.strategy === row.strategy && a.runtime === id);
      const [a, b] = [agg('node20'), agg('node26')];
      if (a?.repetitions === 0) continue;
      expect(row.cells[1]?.[0]).toMatch(/^conns 1\//);
      expect(row.cells[0]?.[0]).toBe(`conns ${a?.connections.cold.min === a?.connections.cold.max ? a?.connections.cold.min : `${a?.connections.cold.min}–${a?.connections.cold.max}`}/${a?.connections.warm.min === a?.connections.warm.max ? a?.connections.warm.min : `${a?.connections.warm.min}–${a?.connections.warm.max}`}`);
      expect(b?.throughputRps.mean).toBeCloseTo((a?.throughputRps.mean ?? 0) * 2);
    }
  });

  it('appears in the terminal, Markdown and HTML reports, and rows of the usual tables name their variant', () => {
    const results = twoVariants();
    const text = renderMatrixText(results);
    expect(text).toContain('matrix — burst');
    expect(text).toContain('node26: Node 26.10.0, undici 8.13.1');
    const md = renderMarkdown(results);
    expect(md).toContain('## Runtime × library matrix');
    expect(md).toMatch(/\| strategy \| node20 \| node26 \|/);
    expect(renderHtml(results)).toContain('<h2>Runtime × library matrix</h2>');
    expect(renderTable(results)).toMatch(/ @ node26/);
  });

  it('groups verdicts per row: strategy @ variant, out of that variant\'s repetitions', () => {
    const groups = verdictGroups(twoVariants(), 'burst');
    expect(groups.map((g) => [g.strategy, g.rule, g.reps, g.planned])).toEqual([
      ['undici-h2 @ node20', 'cold-burst-fan-out', [0], 2],
      ['undici-h2 @ node26', 'cold-burst-fan-out', [0], 2],
    ]);
  });

  /** The text of `html` from `start` to the next `end` after it. */
  const between = (html: string, start: string, end: string): string => {
    const from = html.indexOf(start);
    expect(from, start).toBeGreaterThan(-1);
    return html.slice(from, html.indexOf(end, from + start.length));
  };

  it('the HTML tables name each row\'s variant, and the HTML says what each variant is', () => {
    const results = twoVariants();
    const html = renderHtml(results);
    for (const agg of results.aggregates) {
      const row = `<td>${agg.strategy} @ ${agg.runtime}</td>`;
      expect(between(html, `<tbody id="summary-${agg.scenario}">`, '</tbody>'), `summary ${agg.scenario}`).toContain(row);
      expect(between(html, `<section class="scenario" id="scenario-${agg.scenario}">`, '</table>'), `detail ${agg.scenario}`).toContain(row);
    }
    for (const line of ['node20: Node 20.20.2, undici 7.30.2', 'node26: Node 26.10.0, undici 8.13.1']) {
      expect(between(html, '<div class="measured">', '</div>'), 'the head of the page').toContain(`<li>${line}</li>`);
      expect(between(html, '<h2>Runtime × library matrix</h2>', '<h3>'), 'the matrix legend').toContain(`<li>${line}</li>`);
    }
  });
});
