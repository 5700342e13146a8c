import { describe, expect, it } from 'vitest';
import { findStrategy } from '../strategies/registry.js';
import { findScenario } from './scenarios.js';
import { openFileLimit, sweepSkipReason } from './sweep.js';

const scenario = (id: string) => findScenario(id)!;
const strategy = (id: string) => findStrategy(id)!;

describe('sweepSkipReason', () => {
  it('caps connection-per-request strategies at C = 300 and says why', () => {
    expect(sweepSkipReason(scenario('sweep-c300'), strategy('http2-session-per-request'), 20_000)).toBeUndefined();
    expect(sweepSkipReason(scenario('sweep-c1000'), strategy('http2-session-per-request'), 20_000)).toBe(
      'sweep caps connection-per-request strategies at C = 300: C = 1000 would open 1000 new TLS connections every round and measure this machine\'s handshake CPU, not the client',
    );
    expect(sweepSkipReason(scenario('sweep-c1000'), strategy('undici-h1'), 20_000)).toBeUndefined();
  });

  it('skips a concurrency the open-file limit cannot hold', () => {
    expect(sweepSkipReason(scenario('sweep-c1000'), strategy('undici-h1'), 1024)).toBe(
      "open-file limit 1024 (ulimit -n) is too low for 1000 connections; raise it with 'ulimit -n 1256'",
    );
    expect(sweepSkipReason(scenario('sweep-c300'), strategy('undici-h1'), 1024)).toBeUndefined();
  });

  it('leaves other scenarios alone', () => {
    expect(sweepSkipReason(scenario('burst'), strategy('http2-session-per-request'), 10)).toBeUndefined();
  });

  it('reads the open-file limit', () => {
    const limit = openFileLimit();
    expect(limit === undefined || (Number.isInteger(limit) && limit > 0)).toBe(true);
  });
});
