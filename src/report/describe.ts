/**
 * One plain sentence per strategy, for readers who skip the table: what the client did
 * with the connections, and what its intent says it should have done when the two
 * differ. Numbers only, no judgement words; the verdicts (src/diagnose) judge.
 */
import type { Aggregate, ScenarioInfo, StrategyInfo } from '../results.js';
import { countOf, fmtCount, fmtRange } from './format.js';

type Range = { min: number; max: number };

export function describeAggregate(agg: Aggregate, scenario: ScenarioInfo, strategy: StrategyInfo): string {
  const errors = describeErrors(agg);
  if (agg.repetitions === 0) {
    return `${strategy.id}: no repetition could be measured.${errors ? ` ${errors}` : ''}`;
  }
  const c = agg.connections;
  const load = countOf(one(scenario.concurrency), 'concurrent request');
  // 'none' is TLS without ALPN: say both facts, the table only shows the protocol.
  const protocol = c.protocol === 'none' ? 'http/1.1, no ALPN' : c.protocol;
  const cold = `${countOf(c.cold, 'connection')} (${protocol}) on the cold round`;
  const streams = `up to ${countOf(one(c.maxConcurrentStreams), 'stream')} on one connection`;
  const warm =
    c.warm.max === 0 ? 'warm rounds opened no new connection' : `warm rounds opened ${countOf(c.warm, 'new connection')}`;
  const expected = expectation(strategy.intent, scenario.concurrency, c.cold, c.warm);
  const sentence = `${strategy.id}: ${load} → ${cold}, ${describeTls(agg)}, ${streams}; ${warm}${expected ? `; ${expected}` : ''}.`;
  return errors ? `${sentence} ${errors}` : sentence;
}

const one = (n: number): Range => ({ min: n, max: n });

function describeTls(agg: Aggregate): string {
  const { tlsFull, tlsResumed, protocol } = agg.connections;
  if (tlsFull.max === 0 && tlsResumed.max === 0) return protocol === 'cleartext' ? 'no TLS' : 'no TLS handshake';
  const full = countOf(tlsFull, 'full TLS handshake');
  return tlsResumed.max > 0 ? `${full}, ${fmtRange(tlsResumed.min, tlsResumed.max)} resumed` : full;
}

/**
 * What the strategy's intent promises, stated only when the measurement differs from
 * it, so a sentence without "expected" means the client did what it claims.
 */
function expectation(intent: StrategyInfo['intent'], concurrency: number, cold: Range, warm: Range): string {
  switch (intent) {
    case 'one-connection': {
      const coldOff = cold.min !== 1 || cold.max !== 1;
      const warmOff = warm.max > 0;
      if (coldOff && warmOff) return 'expected 1 in total for one-connection';
      if (coldOff) return 'expected 1 for one-connection';
      return warmOff ? 'expected none on warm rounds for one-connection' : '';
    }
    case 'pool': {
      // A pool may open up to one connection per concurrent request, then must reuse them.
      const coldOff = cold.max > concurrency;
      const warmOff = warm.max > 0;
      if (coldOff && warmOff) return `expected at most ${concurrency} in total for pool`;
      if (coldOff) return `expected at most ${concurrency} for pool`;
      return warmOff ? 'expected none on warm rounds for pool (keep-alive)' : '';
    }
    case 'connection-per-request':
      // Warm rounds open new connections by design, so only the cold round is checked.
      return cold.min !== concurrency || cold.max !== concurrency
        ? `expected ${concurrency} for connection-per-request`
        : '';
  }
}

/**
 * "12 of 2200 requests failed: REFUSED_STREAM ×12 ("Stream closed with error code
 * NGHTTP2_REFUSED_STREAM").", most frequent code first, each with the first distinct
 * messages its requests gave (errorDetails); '' when none failed. Takes an aggregate or
 * a single run.
 */
export function describeErrors(agg: Pick<Aggregate, 'requests' | 'errorDetails'>): string {
  const { failed, total, errors } = agg.requests;
  if (failed === 0) return '';
  const codes = Object.entries(errors)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, n]) => `${code} ×${fmtCount(n)}${messagesText(agg.errorDetails?.[code]?.messages)}`);
  const of = `${fmtCount(failed)} of ${fmtCount(total)} ${total === 1 ? 'request' : 'requests'} failed`;
  return codes.length > 0 ? `${of}: ${codes.join(', ')}.` : `${of}.`;
}

/** ' ("first"; "second")' — quoted as JSON strings, so a message's own quotes or commas cannot blur where it ends. */
function messagesText(messages: readonly string[] | undefined): string {
  return messages !== undefined && messages.length > 0 ? ` (${messages.map((m) => JSON.stringify(m)).join('; ')})` : '';
}

/** The first stack of each error code that kept one (--debug): a heading line per code, then the stack's lines. */
export function errorStackLines(agg: Pick<Aggregate, 'errorDetails'>): string[] {
  return Object.entries(agg.errorDetails ?? {}).flatMap(([code, d]) => (d.stack !== undefined ? [`first ${code} stack:`, ...d.stack.split('\n')] : []));
}
