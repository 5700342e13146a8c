import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import type { Results } from '../results.js';
import { costLines, rttCostLine, strategyCosts } from './summary.js';

function withCosts(): Results {
  const results = fixtureResults();
  results.target.rttMs = 20;
  results.target.costs = {
    handshakes: 40,
    fullHandshakeCpuNs: 2_000_000,
    resumedHandshakeCpuNs: 500_000,
    resumedHandshakes: 40,
    idleConnections: 100,
    serverRssPerConnectionBytes: 40 * 1024,
    serverHeapPerConnectionBytes: 10 * 1024,
    clientRssPerConnectionBytes: 30 * 1024,
    clientHeapPerConnectionBytes: 5 * 1024,
  };
  for (const run of results.runs) run.serverMemory = { rssBeforeBytes: 50e6, rssPeakBytes: 50e6 + run.connections.opened * 64 * 1024 };
  return results;
}

describe('the cost summary: counts turned into costs', () => {
  it('round trips, server CPU in handshakes and server memory at peak follow the counts', () => {
    const results = withCosts();
    const scenario = results.runs[0]!.scenario;
    const run = results.runs.find((r) => r.scenario === scenario && r.status === 'ok')!;
    const cost = strategyCosts(results, scenario).find((c) => c.strategy === run.strategy)!;
    const runs = results.runs.filter((r) => r.scenario === scenario && r.strategy === run.strategy && r.status === 'ok');
    const mean = (f: (r: typeof run) => number): number => runs.reduce((a, r) => a + f(r), 0) / runs.length;
    expect(cost.handshakeRoundTrips).toBeCloseTo(mean((r) => 2 * (r.connections.tlsFull + r.connections.tlsResumed) + (r.connections.opened - r.connections.tlsFull - r.connections.tlsResumed)));
    expect(cost.handshakeMs).toBeCloseTo(cost.handshakeRoundTrips * 20);
    expect(cost.serverHandshakeCpuMs).toBeCloseTo(mean((r) => r.connections.tlsFull * 2 + r.connections.tlsResumed * 0.5));
    expect(cost.serverPeakRssBytes).toBeCloseTo(mean((r) => r.connections.opened * 64 * 1024));
  });

  it('one line per strategy in the terminal and the Markdown, with the calibration in the header', () => {
    const results = withCosts();
    const scenario = results.runs[0]!.scenario;
    const lines = costLines(results, scenario);
    expect(lines[0]).toMatch(/^costs at RTT 20 ms/);
    expect(lines.slice(1).join('\n')).toMatch(
      /: \d+(\.\d)? connections? → cold round \d+(\.\d)? handshake round trips? \(\d.* ms\), \d+(\.\d)? in all \(\d.* ms\), [\d.]+ ms server CPU in handshakes, \+\d+ KB server RSS at peak/,
    );
    const terminal = renderTerminal(results, { phases: false, verbose: false });
    expect(terminal).toContain('costs at RTT 20 ms');
    expect(terminal).toContain('full TLS handshake 2.0 ms server CPU, resumed 0.50 ms');
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('- costs at RTT 20 ms');
    expect(markdown).toContain('- Costs: cost per connection');
  });

  it("the cold round's round trips at the RTT, per strategy, in the scenario block and in the header", () => {
    const results = withCosts();
    const scenario = results.runs[0]!.scenario;
    const costs = strategyCosts(results, scenario);
    for (const cost of costs) {
      const runs = results.runs.filter((r) => r.scenario === scenario && r.strategy === cost.strategy && r.status === 'ok');
      const cold = runs.reduce((a, r) => a + 2 * (r.connections.cold.tlsFull + r.connections.cold.tlsResumed) + (r.connections.cold.opened - r.connections.cold.tlsFull - r.connections.cold.tlsResumed), 0) / runs.length;
      expect(cost.coldRoundTrips).toBeCloseTo(cold);
    }
    const line = rttCostLine(results)!;
    expect(line.startsWith(`${scenario} at RTT 20 ms, cold round: ${costs[0]!.strategy} ${costs[0]!.coldRoundTrips} handshake round trip`)).toBe(true);
    for (const cost of costs) expect(line).toContain(`${cost.strategy} ${cost.coldRoundTrips}`);
    expect(renderTerminal(results, { phases: false, verbose: false })).toContain(`at RTT:      ${scenario} at RTT 20 ms, cold round:`);
    expect(renderMarkdown(results)).toContain(`- At a real round trip: ${scenario} at RTT 20 ms, cold round:`);
    // A scenario with its own round trip (seed-rtt20) in a loopback run: only it is quoted.
    delete results.target.rttMs;
    expect(rttCostLine(results)).toBeUndefined();
    results.scenarios = results.scenarios.map((s) => (s.id === scenario ? { ...s, rttMs: 20 } : s));
    expect(rttCostLine(results)?.split('; ')).toHaveLength(1);
  });

  it("client memory at peak beside the server's; a share per connection only where there is more than one", () => {
    const results = withCosts();
    for (const run of results.runs) {
      run.clientMemory = { rssBeforeBytes: 40e6, rssPeakBytes: 40e6 + 4 * 1024 * 1024, heapBeforeBytes: 8e6, heapPeakBytes: 8e6 + 2 * 1024 * 1024, sampleMs: 50 };
    }
    const scenario = results.runs[0]!.scenario;
    const costs = strategyCosts(results, scenario);
    const lines = costLines(results, scenario).slice(1);
    for (const cost of costs) {
      const line = lines.find((l) => l.trim().startsWith(`${cost.strategy}:`))!;
      expect(line).toContain('client +4.0 MB RSS, +2.0 MB heap at peak');
      if (cost.connections > 1) expect(line).toMatch(new RegExp(`\\(over ${cost.connections} connections: [\\d.]+ [KM]B RSS, [\\d.]+ [KM]B heap each\\)$`));
      else expect(line).not.toContain('each');
    }
    expect(costs.some((c) => c.connections > 1) && costs.some((c) => c.connections === 1)).toBe(true);
  });

  it('without a calibration or memory, only the round trips; with neither --rtt nor a calibration, no block', () => {
    const results = fixtureResults();
    const scenario = results.runs[0]!.scenario;
    expect(costLines(results, scenario)).toEqual([]);
    results.target.rttMs = 20;
    const lines = costLines(results, scenario);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/CPU|RSS/);
  });
});
