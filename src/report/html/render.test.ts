import { describe, expect, it } from 'vitest';
import { compareResults } from '../../compare/compare.js';
import { fixtureResults } from '../../../test/support/report-fixture.js';
import { SWEEP_FIXTURE_CHARTS, sweepFixtureResults } from '../../../test/support/sweep-fixture.js';
import { renderHtml } from './render.js';
import { barChart, linearTicks, logTicks } from './svg.js';

const charts = (html: string): string[] => [...html.matchAll(/<figure class="chart" data-chart="([^"]+)">/g)].map((m) => m[1]!);

describe('renderHtml', () => {
  it('has every chart: latency and connections per scenario, the sweep, open loop', () => {
    const html = renderHtml(sweepFixtureResults());
    expect(charts(html)).toEqual(SWEEP_FIXTURE_CHARTS);
  });

  it('is self-contained: no script, no external reference', () => {
    const html = renderHtml(sweepFixtureResults());
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    // The only URLs are the SVG namespace and the (escaped) target origin in the text.
    const urls = [...html.matchAll(/https?:\/\/[^\s"<]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'https://127.0.0.1:8443']));
  });

  it('is deterministic and escapes text', () => {
    const results = fixtureResults();
    results.command = 'muxbench run --strategy-file "<evil>.ts"';
    const html = renderHtml(results);
    expect(html).toBe(renderHtml(results));
    expect(html).toContain('muxbench run --strategy-file &quot;&lt;evil&gt;.ts&quot;');
    expect(html).not.toContain('<evil>');
  });

  it('draws the sweep with a gap where a case was skipped, and says why', () => {
    const html = renderHtml(sweepFixtureResults());
    const sweepP99 = html.slice(html.indexOf('data-chart="sweep-p99"'), html.indexOf('data-chart="sweep-throughput"'));
    // 3 strategies: 4 + 4 + 3 points (session-per-request skipped at C=1000).
    expect(sweepP99.match(/<circle /g)).toHaveLength(11);
    expect(sweepP99.match(/<path /g)).toHaveLength(3);
    expect(html).toContain('http2-session-per-request at C=1000 skipped: sweep caps connection-per-request strategies at C = 300');
  });

  it('shows the comparison when the run had a baseline', () => {
    const results = fixtureResults();
    results.comparison = compareResults(fixtureResults(), fixtureResults(), { baseLabel: 'results/baseline.json' });
    const html = renderHtml(results);
    expect(html).toContain('<h2>Compared with results/baseline.json</h2>');
    // Two repetitions a side: every row gets a verdict, none a regression.
    expect(html.match(/<td class="num">(ok \(&lt; 5 % slower\)|\? inconclusive[^<]*)<\/td>/g)).toHaveLength(18);
  });
});

describe('svg charts', () => {
  it('picks round ticks', () => {
    expect(linearTicks(3)).toEqual([0, 1, 2, 3]);
    expect(linearTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(243)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(logTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(3.2, 450)).toEqual([1, 10, 100, 1000]);
  });

  it('renders a small bar chart', () => {
    expect(
      barChart({ id: 'demo', title: 'conns', unit: 'count', categories: ['a'], series: [{ name: 'cold', values: [2] }, { name: 'warm', values: [null] }] }),
    ).toMatchInlineSnapshot(`"<figure class="chart" data-chart="demo"><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 830 116" width="830" height="116"><title>conns</title><text x="10" y="20" class="title">conns</text><line x1="200" y1="36" x2="200" y2="76" class="grid"/><text x="200" y="90" class="tick" text-anchor="middle">0</text><line x1="310" y1="36" x2="310" y2="76" class="grid"/><text x="310" y="90" class="tick" text-anchor="middle">0.5</text><line x1="420" y1="36" x2="420" y2="76" class="grid"/><text x="420" y="90" class="tick" text-anchor="middle">1</text><line x1="530" y1="36" x2="530" y2="76" class="grid"/><text x="530" y="90" class="tick" text-anchor="middle">1.5</text><line x1="640" y1="36" x2="640" y2="76" class="grid"/><text x="640" y="90" class="tick" text-anchor="middle">2</text><text x="192" y="51" class="label" text-anchor="end">a</text><rect class="bar" x="200" y="36" width="440" height="9" fill="#4e79a7"><title>a · cold: 2</title></rect><text x="643" y="44" class="value">2</text><text x="420" y="108" class="axis" text-anchor="middle">count</text><rect x="660" y="36" width="12" height="12" fill="#4e79a7"/><text x="678" y="46" class="legend">cold</text><rect x="660" y="54" width="12" height="12" fill="#f28e2b"/><text x="678" y="64" class="legend">warm</text></svg></figure>"`);
  });
});
