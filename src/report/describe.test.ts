import { describe, expect, it } from 'vitest';
import type { Aggregate, ScenarioInfo, StrategyInfo } from '../results.js';
import { describeAggregate } from './describe.js';
import { fixtureResults } from '../../test/support/report-fixture.js';

const results = fixtureResults();
const scenario = (id: string): ScenarioInfo => results.scenarios.find((s) => s.id === id)!;
const strategy = (id: string): StrategyInfo => results.strategies.find((s) => s.id === id)!;
const agg = (scenarioId: string, strategyId: string): Aggregate =>
  results.aggregates.find((a) => a.scenario === scenarioId && a.strategy === strategyId)!;
const sentence = (scenarioId: string, strategyId: string): string =>
  describeAggregate(agg(scenarioId, strategyId), scenario(scenarioId), strategy(strategyId));

describe('describeAggregate', () => {
  it('states a healthy single session in the singular, with errors', () => {
    expect(sentence('burst', 'http2-single-session')).toBe(
      'http2-single-session: 100 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, ' +
        'up to 100 streams on one connection; warm rounds opened no new connection. ' +
        '12 of 2,200 requests failed: REFUSED_STREAM ×12.',
    );
  });

  it('says what one-connection expected when a client fans out', () => {
    expect(sentence('burst', 'undici-h2')).toBe(
      'undici-h2: 100 concurrent requests → 100 connections (h2) on the cold round, 100 full TLS handshakes, ' +
        'up to 1 stream on one connection; warm rounds opened no new connection; expected 1 for one-connection.',
    );
  });

  it('shows ranges when repetitions differ', () => {
    expect(sentence('seed', 'undici-h2')).toBe(
      'undici-h2: 3 concurrent requests → 2–3 connections (h2) on the cold round, 2–3 full TLS handshakes, ' +
        'up to 2 streams on one connection; warm rounds opened no new connection; expected 1 for one-connection.',
    );
    expect(sentence('seed', 'https-keepalive')).toBe(
      'https-keepalive: 3 concurrent requests → 3 connections (http/1.1, no ALPN) on the cold round, ' +
        '3 full TLS handshakes, 0–1 resumed, up to 1 stream on one connection; ' +
        'warm rounds opened 0–1 new connections; expected none on warm rounds for pool (keep-alive).',
    );
  });

  it('covers the other intents, cleartext and unmeasured groups', () => {
    const base = agg('seed', 'http2-single-session');
    const perRequest: StrategyInfo = { ...strategy('http2-single-session'), id: 'per-req', intent: 'connection-per-request' };
    const cleartext: Aggregate = {
      ...base,
      connections: {
        ...base.connections,
        protocol: 'cleartext',
        cold: { mean: 1, min: 1, max: 1 },
        tlsFull: { mean: 0, min: 0, max: 0 },
        warm: { mean: 1, min: 1, max: 1 },
        maxConcurrentStreams: 1,
      },
    };
    expect(describeAggregate(cleartext, scenario('seed'), perRequest)).toBe(
      'per-req: 3 concurrent requests → 1 connection (cleartext) on the cold round, no TLS, ' +
        'up to 1 stream on one connection; warm rounds opened 1 new connection; expected 3 for connection-per-request.',
    );
    const single: ScenarioInfo = { ...scenario('seed'), concurrency: 1 };
    expect(describeAggregate(cleartext, single, strategy('http2-single-session'))).toBe(
      'http2-single-session: 1 concurrent request → 1 connection (cleartext) on the cold round, no TLS, ' +
        'up to 1 stream on one connection; warm rounds opened 1 new connection; ' +
        'expected none on warm rounds for one-connection.',
    );
    const none: Aggregate = { ...base, repetitions: 0, requests: { total: 1, ok: 0, failed: 1, errors: { ECONNREFUSED: 1 } } };
    expect(describeAggregate(none, scenario('seed'), strategy('http2-single-session'))).toBe(
      'http2-single-session: no repetition could be measured. 1 of 1 request failed: ECONNREFUSED ×1.',
    );
  });
});
