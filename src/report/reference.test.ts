/** The real-target lines in the writers: reference ratios under a table, and the server nginx was. */
import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { withReferenceRatios } from '../stats/reference.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderMarkdown } from './markdown.js';
import { fmtReferenceRatio, referenceLine, serverLine } from './reference.js';
import { renderTable } from './table.js';

function withReference(): Results {
  const results = fixtureResults();
  const base = results.aggregates.find((a) => a.scenario === 'burst');
  if (!base) throw new Error('fixture has no burst aggregate');
  const h2load = { ...base, strategy: 'h2load', throughputRps: { mean: 20_000, stdev: 500 } };
  results.aggregates = withReferenceRatios([...results.aggregates, h2load]);
  results.target = {
    ...results.target,
    kind: 'nginx',
    server: { software: 'nginx', version: '1.22.1', settings: { http2_max_concurrent_streams: 128, keepalive_requests: 1000 } },
  };
  results.reference = { tool: 'h2load', version: '1.52.0', note: 'no certificate verification' };
  return results;
}

describe('reference and server lines', () => {
  it('ratios are each strategy mean over the h2load mean, in the same scenario only', () => {
    const results = withReference();
    const burst = results.aggregates.filter((a) => a.scenario === 'burst');
    for (const agg of burst.filter((a) => a.strategy !== 'h2load')) {
      expect(agg.vsReference).toBe(agg.throughputRps.mean / 20_000);
    }
    expect(results.aggregates.filter((a) => a.scenario === 'seed').every((a) => a.vsReference === undefined)).toBe(true);
    expect(referenceLine(results, 'seed')).toBeUndefined();
  });

  it('formats ratios with two significant digits below 1', () => {
    expect(fmtReferenceRatio(0.2976)).toBe('0.30×');
    expect(fmtReferenceRatio(0.0312)).toBe('0.031×');
    expect(fmtReferenceRatio(1.26)).toBe('1.3×');
    expect(fmtReferenceRatio(12.4)).toBe('12×');
  });

  it('table and Markdown show the ratio line, the server and the reference tool', () => {
    const results = withReference();
    const line = referenceLine(results, 'burst');
    expect(line).toMatch(/^throughput vs h2load \(native reference = 1×\): http2-single-session 0\.30×/);
    expect(serverLine(results)).toBe('nginx 1.22.1 (http2_max_concurrent_streams 128, keepalive_requests 1000)');
    const table = renderTable(results);
    expect(table).toContain(`  ${line ?? ''}\n`);
    expect(table).toContain('server:      nginx 1.22.1 (http2_max_concurrent_streams 128, keepalive_requests 1000)\n');
    expect(table).toContain('reference:   h2load 1.52.0: no certificate verification\n');
    const md = renderMarkdown(results);
    expect(md).toContain(`\n${line ?? ''}\n`);
    expect(md).toContain('- Server: nginx 1.22.1 (http2_max_concurrent_streams 128, keepalive_requests 1000)\n');
  });
});
