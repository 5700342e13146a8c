/**
 * The default output is one screen per scenario, and nothing it leaves out is lost:
 * every sentence, every repetition's verdict and every phase cell of the --verbose
 * output is in the Markdown report (and the verdicts in the JSON). Checked on the
 * committed baseline (a real 3-scenario, 9-strategy, 3-repetition run) and the fixture.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { phaseCells, phaseRows } from './phases.js';
import { describeLines, notesOf } from './rows.js';
import { renderTable } from './table.js';
import { DEFAULT_WIDTH, renderTerminal, wrap } from './terminal.js';

const baseline = (): Results => JSON.parse(readFileSync(new URL('../../results/baseline.json', import.meta.url), 'utf8')) as Results;

/** The text of each scenario's block (blocks are separated by a blank line; the last one is the footer). */
function blocks(text: string): string[] {
  return text.trimEnd().split('\n\n');
}

/** Markdown with its markup taken off, so a fact compares as plain text. */
const plain = (md: string): string => md.replace(/\*\*/g, '').replace(/`/g, '').replace(/\\\|/g, '|');

describe.each([
  ['the baseline', baseline],
  ['the fixture', fixtureResults],
])('default output of %s', (_, load) => {
  const results = load();
  const text = renderTerminal(results);

  it(`is at most 60 lines per scenario at ${DEFAULT_WIDTH} columns, prose included`, () => {
    const scenarioBlocks = blocks(text).slice(0, results.scenarios.length);
    expect(scenarioBlocks).toHaveLength(results.scenarios.length);
    for (const block of scenarioBlocks) {
      const lines = block.split('\n');
      expect(lines.length).toBeLessThanOrEqual(60);
      // Prose wraps at the default width; only the table may be wider.
      for (const line of lines.filter((l) => !/^[┌│├└]/.test(l))) expect(line.length).toBeLessThanOrEqual(DEFAULT_WIDTH);
    }
  });

  it('prints each fix once per scenario and each strategy × rule on one verdict line', () => {
    for (const [i, scenario] of results.scenarios.entries()) {
      const block = blocks(text)[i] ?? '';
      const fixes = new Set(results.runs.filter((r) => r.scenario === scenario.id).flatMap((r) => r.verdicts.map((v) => v.fix)).filter((f) => f));
      for (const fix of fixes) {
        const first = wrap(`fix: ${fix}`, DEFAULT_WIDTH, '      ', '        ')[0] ?? '';
        expect(block.split('\n').filter((l) => l === first)).toHaveLength(1);
      }
      const fired = new Set(
        results.runs.filter((r) => r.scenario === scenario.id).flatMap((r) => r.verdicts.filter((v) => v.severity !== 'ok').map((v) => `${r.strategy} ${v.rule} (`)),
      );
      for (const key of fired) expect(block.split('\n').filter((l) => l.includes(key))).toHaveLength(1);
    }
  });

  it('drops the sentences, the per-repetition verdicts and the phases, and all of them are in the Markdown', () => {
    const md = plain(renderMarkdown(results));
    const json = renderJson(results);
    const verbose = renderTable(results);
    let dropped = 0;
    for (const scenario of results.scenarios) {
      const facts = [
        ...describeLines(results, scenario),
        ...notesOf(results, scenario.id).flatMap((n) => [`${n.subject}: ${n.message}`, n.fix]).filter((f) => f !== ''),
        ...phaseRows(results, scenario.id).map((row) => phaseCells(row, ' / ').join(' | ')),
      ];
      for (const fact of facts) {
        expect(md).toContain(fact);
        if (!text.includes(fact)) dropped++;
      }
      // The verbose output still prints the sentences and every note as before.
      for (const line of describeLines(results, scenario)) expect(verbose).toContain(line);
    }
    // The check means something only if the default output really leaves facts out.
    expect(dropped).toBeGreaterThan(0);
    for (const run of results.runs) for (const v of run.verdicts) expect(json).toContain(JSON.stringify(v.message));
  });

  it('--phases adds the phase tables; --verbose is the full detail', () => {
    expect(text).not.toContain('phases — ');
    const phases = renderTerminal(results, { phases: true });
    for (const scenario of results.scenarios) {
      if (phaseRows(results, scenario.id).length > 0) expect(phases).toContain(`phases — ${scenario.id}`);
    }
    expect(renderTerminal(results, { verbose: true })).toBe(renderTable(results));
  });
});

describe('default output of the fixture', () => {
  it('renders the table, the summary and the grouped verdicts', () => {
    const [, burst] = blocks(renderTerminal(fixtureResults()));
    expect(burst?.split('\n').slice(10)).toEqual([
      'summary — most throughput: http2-single-session, 5,951 ± 86 req/s with 1 connection',
      '  fewest connections: http2-single-session (1 connection)',
      '    https-keepalive  1.92 ± 0.03× slower  100 connections',
      '    undici-h2        2.16 ± 0.06× slower  100 connections',
      '  errors: http2-single-session: 12 of 2,200 requests failed: REFUSED_STREAM ×12.',
      '  ✗ undici-h2 cold-burst-fan-out (rep 0 of 2): opened 100 HTTP/2 connections for 100 concurrent requests on the cold round; RFC 9113 §9.1',
      '      expects 1',
      '      fix: new Agent({ allowH2: true, connections: 1, pipelining: 100 })',
    ]);
  });
});

describe('wrap', () => {
  it('breaks at spaces, indents the rest, and never cuts a word', () => {
    expect(wrap('aaa bbb ccc ddd', 9, '- ', '  ')).toEqual(['- aaa bbb', '  ccc ddd']);
    expect(wrap('x https://a.very.long/url', 10, '', '  ')).toEqual(['x', '  https://a.very.long/url']);
  });
});
