/** Cost rows in a comparison: present when both sides have the figure, named when they changed, never gated. */
import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { compareResults, compareWithin, gateFailures } from './compare.js';
import { renderCompareText } from '../report/compare-text.js';
import { renderCompareMarkdown } from '../report/compare-markdown.js';

const CALIBRATION = {
  handshakes: 40, fullHandshakeCpuNs: 2_000_000, resumedHandshakeCpuNs: 500_000, resumedHandshakes: 40, idleConnections: 100,
  serverRssPerConnectionBytes: 40_000, serverHeapPerConnectionBytes: 5_000, clientRssPerConnectionBytes: 30_000, clientHeapPerConnectionBytes: 2_000,
};

/** The fixture with a calibration and memory readings per case: `scale` multiplies the client memory. */
function withCosts(scale = 1): Results {
  const results = fixtureResults();
  results.target.costs = { ...CALIBRATION };
  for (const run of results.runs) {
    run.serverMemory = { rssBeforeBytes: 50e6, rssPeakBytes: 50e6 + run.connections.opened * 64_000 };
    run.clientMemory = { rssBeforeBytes: 40e6, rssPeakBytes: 40e6 + scale * (1e6 + run.repetition * 1e4), heapBeforeBytes: 8e6, heapPeakBytes: 8e6 + scale * 5e5, sampleMs: 50 };
  }
  return results;
}

describe('compare: cost rows', () => {
  it('a row per cost figure both sides have, with the mean over each side', () => {
    const c = compareResults(withCosts(), withCosts());
    const compared = c.cases.filter((x) => x.status === 'compared');
    expect(compared.length).toBeGreaterThan(0);
    for (const x of compared) {
      const ids = (x.costs ?? []).map((r) => r.metric);
      // No round trip in these files: the cold round's handshake time has no row.
      expect(ids).toEqual(['handshake.round-trips', 'handshake.round-trips.cold', 'server.cpu.handshakes', 'server.rss.peak', 'client.rss.peak', 'client.heap.peak', 'client.rss.per-connection', 'client.heap.per-connection']);
      for (const r of x.costs ?? []) expect(r.changed).toBe(false);
    }
    expect(renderCompareText(c)).not.toContain('cost (reported');
  });

  it('a side without the figure (an older file, no calibration) has no row for it', () => {
    const old = fixtureResults();
    const c = compareResults(old, withCosts());
    for (const x of c.cases) expect((x.costs ?? []).map((r) => r.metric)).toEqual(x.status === 'compared' ? ['handshake.round-trips', 'handshake.round-trips.cold'] : []);
  });

  it('a change beyond 10 % with ranges apart is named in the notes, reported and not gated', () => {
    const base = withCosts(1);
    const next = withCosts(3);
    const c = compareResults(base, next);
    const row = c.cases.find((x) => x.status === 'compared')!;
    const rss = row.costs!.find((r) => r.metric === 'client.rss.peak')!;
    expect(rss.changed).toBe(true);
    expect(rss.change).toBeCloseTo(2, 1);
    expect(renderCompareText(c)).toMatch(new RegExp(`cost \\(reported, not gated\\): ${row.strategy} client\\.rss\\.peak \\d+ KB → \\d\\.\\d MB \\(\\+\\d+ %\\)`));
    expect(renderCompareMarkdown(c).join('\n')).toContain(`- ⚠ cost (reported, not gated): ${row.strategy} client.rss.peak`);
    // The gate decides on latency, throughput and CPU rows only: same latencies, no failure.
    expect(gateFailures(c)).toEqual([]);
    expect(row.metrics.map((m) => m.metric)).not.toContain('client.rss.peak');
  });

  it('A against B in one file (compare --a/--b) has them too', () => {
    const results = withCosts();
    const [a, b] = [...new Set(results.runs.map((r) => r.strategy))];
    const c = compareWithin(results, a!, b!);
    expect(c.cases.some((x) => (x.costs ?? []).some((r) => r.metric === 'server.cpu.handshakes'))).toBe(true);
  });
});
