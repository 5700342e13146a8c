/** The summary under a table compares strategies that served requests: a client none of whose requests succeeded is not "fewest connections". */
import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { scenarioSummary, summaryLines } from './summary.js';

describe('scenarioSummary', () => {
  it('leaves a strategy whose every request failed out of the comparison, and says so', () => {
    const results = fixtureResults();
    const dead = results.aggregates.find((a) => a.scenario === 'burst' && a.strategy === 'undici-h2')!;
    dead.requests = { total: dead.requests.total, ok: 0, failed: dead.requests.total, errors: { TypeError: dead.requests.total } };
    // What a client that throws before dialling leaves: no connection, no throughput.
    dead.connections.cold = { mean: 0, min: 0, max: 0 };
    for (const run of results.runs.filter((r) => r.scenario === 'burst' && r.strategy === 'undici-h2')) run.connections.opened = 0;
    const summary = scenarioSummary(results, 'burst')!;
    expect(summary.fewest.map((e) => e.strategy)).toEqual(['http2-single-session']);
    expect(summary.others.map((e) => e.strategy)).toEqual(['https-keepalive']);
    expect(summaryLines(summary).rows).toContainEqual(['undici-h2', 'no request succeeded', '']);
  });
});
