/**
 * Intent decides the severity: the same counts are a failure for a one-connection
 * strategy and expected for a pool or a connection-per-request strategy. Pure: the
 * counts come from the report fixture, the rules from the registry.
 */
import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { CaseResult, StrategyInfo } from '../results.js';
import { diagnose } from './registry.js';

function burstRun(strategy: string): CaseResult {
  const run = fixtureResults().runs.find((r) => r.scenario === 'burst' && r.strategy === strategy && r.repetition === 0);
  if (!run) throw new Error('fixture changed');
  return run;
}

const info = (intent: StrategyInfo['intent'], library = 'undici'): StrategyInfo => ({ id: 'x', label: 'x', library, intent });
const severities = (run: CaseResult, strategy: StrategyInfo, speaksH2: boolean | null = true): Record<string, string> =>
  Object.fromEntries(diagnose({ result: run, strategy, target: { speaksH2 } }).map((v) => [v.rule, v.severity]));

describe('intent', () => {
  it('100 h2 connections for 100 requests: fan-out fails one-connection, is fine for a pool', () => {
    const run = burstRun('undici-h2');
    expect(severities(run, info('one-connection'))['cold-burst-fan-out']).toBe('fail');
    expect(severities(run, info('pool'))['cold-burst-fan-out']).toBe('ok');
    expect(severities(run, info('connection-per-request'))['cold-burst-fan-out']).toBe('ok');
  });

  it('HTTP/1.1 without ALPN against an h2 origin: downgrade fails one-connection only, and only when the origin is known to speak h2', () => {
    const run = burstRun('https-keepalive');
    expect(severities(run, info('one-connection', 'node:https'))['downgrade']).toBe('fail');
    expect(severities(run, info('pool', 'node:https'))['downgrade']).toBe('ok');
    expect(severities(run, info('one-connection', 'node:https'), null)['downgrade']).toBe('ok');
  });

  it("a server stream limit below the concurrency lets a one-connection client open what it needs, no more", () => {
    const limited = (strategy: string): CaseResult => {
      const run = burstRun(strategy);
      return { ...run, connections: { ...run.connections, remoteMaxConcurrentStreams: 10 } };
    };
    const one = info('one-connection', 'got');
    // 2 connections for 100 requests at 10 streams each: within the 10 needed.
    const got = diagnose({ result: limited('http2-single-session'), strategy: one, target: { speaksH2: true } });
    expect(got.find((v) => v.rule === 'cold-burst-fan-out')?.message).toBe(
      '100 concurrent requests opened 1 connection on the cold round (1 full TLS handshake); up to 10 are needed (the server allows 10 streams per connection)',
    );
    const fanned = diagnose({ result: limited('undici-h2'), strategy: one, target: { speaksH2: true } }).find((v) => v.rule === 'cold-burst-fan-out');
    expect(fanned?.severity).toBe('fail');
    expect(fanned?.message).toBe(
      '100 concurrent requests opened 100 connections on the cold round (100 full TLS handshakes); one-connection expects 10 (the server allows 10 streams per connection)',
    );
  });

  it('refused streams fail whatever the intent', () => {
    const run = { ...burstRun('http2-single-session'), connections: { ...burstRun('http2-single-session').connections, refusedStreams: 12 } };
    expect(severities(run, info('pool'))['refused-streams']).toBe('fail');
  });

  it('a case that did not measure gets no verdicts', () => {
    const run: CaseResult = { ...burstRun('undici-h2'), status: 'error', error: { code: 'X', message: 'x' } };
    expect(diagnose({ result: run, strategy: info('one-connection'), target: { speaksH2: true } })).toEqual([]);
  });
});

describe('refused streams below the server limit', () => {
  const refusedRun = (limit: number): CaseResult => {
    const run = burstRun('http2-single-session');
    return {
      ...run,
      requests: { ...run.requests, failed: 99, errors: { ERR_HTTP2_STREAM_ERROR: 99 } },
      connections: { ...run.connections, refusedStreams: 99, remoteMaxConcurrentStreams: limit },
    };
  };
  const verdictFor = (run: CaseResult) =>
    diagnose({ result: run, strategy: info('one-connection', 'got'), target: { speaksH2: true } }).find((v) => v.rule === 'refused-streams');

  it('a limit above the concurrency is not the cause: the fix points at the server shedding streams', () => {
    const v = verdictFor(refusedRun(2 ** 32 - 1));
    expect(v?.severity).toBe('fail');
    expect(v?.message).toBe("99 streams refused with REFUSED_STREAM (99 requests failed in all) although the server's limit (4294967295) is above the concurrency (100)");
    expect(v?.fix).toMatch(/^the server is shedding streams on its own/);
  });

  it('a limit below the concurrency is the cause: the fix is about the limit', () => {
    const v = verdictFor(refusedRun(10));
    expect(v?.message).toMatch(/the server allows 10 concurrent streams per connection/);
    expect(v?.fix).not.toMatch(/shedding/);
  });
});

describe('keep-alive pool churn above maxFreeSockets', () => {
  it('the fix names maxFreeSockets when the concurrency is above its default of 256', () => {
    const run = burstRun('https-keepalive');
    const churning: CaseResult = {
      ...run,
      concurrency: 1000,
      connections: { ...run.connections, warm: { ...run.connections.warm, opened: 2232, tlsResumed: 2232 } },
    };
    const v = diagnose({ result: churning, strategy: info('pool', 'node:https'), target: { speaksH2: true } }).find(
      (x) => x.rule === 'connection-per-request',
    );
    expect(v?.severity).toBe('warn');
    expect(v?.fix).toBe(
      'raise the Agent\'s idle-socket cap to the concurrency: new https.Agent({ keepAlive: true, maxFreeSockets: 1000 }); the default maxFreeSockets is 256, so each round closes 744 idle sockets and dials them again',
    );
  });
});
