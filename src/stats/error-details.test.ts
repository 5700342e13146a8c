/**
 * What failed requests said, per error code: the worker's sampler (counts, the first
 * distinct messages, bounded, the stack only when asked), the merge over repetitions,
 * and what an aggregate and describeErrors make of it.
 */
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../errors.js';
import { describeErrors, errorStackLines } from '../report/describe.js';
import type { CaseResult } from '../results.js';
import { base } from '../../test/support/rule-case.js';
import { aggregate } from './aggregate.js';
import { ErrorSampler, MAX_MESSAGE_CHARS, MAX_MESSAGES, firstError, mergeErrorDetails } from './error-details.js';

describe('ErrorSampler', () => {
  it('counts per code in the order codes first occurred, keeping the first distinct messages', () => {
    const s = new ErrorSampler();
    s.record('TypeError', 'a');
    s.record('ECONNRESET', 'read ECONNRESET');
    s.record('TypeError', 'a');
    s.record('TypeError', 'b');
    expect(s.details()).toEqual({ TypeError: { count: 3, messages: ['a', 'b'] }, ECONNRESET: { count: 1, messages: ['read ECONNRESET'] } });
    expect(Object.keys(s.details() ?? {})).toEqual(['TypeError', 'ECONNRESET']);
    expect(firstError(s.details())).toEqual({ code: 'TypeError', message: 'a' });
  });

  it(`keeps at most ${MAX_MESSAGES} messages per code, each cut to ${MAX_MESSAGE_CHARS} characters, and counts every failure`, () => {
    const s = new ErrorSampler();
    for (let i = 0; i < 10; i++) s.record('Error', `message ${i} ${'x'.repeat(1000)}`);
    const d = s.details()?.Error;
    expect(d?.count).toBe(10);
    expect(d?.messages).toHaveLength(MAX_MESSAGES);
    expect(d?.messages.every((m) => m.length === MAX_MESSAGE_CHARS && m.endsWith('…'))).toBe(true);
    expect(d?.messages.map((m) => m.slice(0, 9))).toEqual(['message 0', 'message 1', 'message 2']);
  });

  it('keeps the first stack of a code only when asked (--debug)', () => {
    const error = new TypeError('boom');
    const plain = new ErrorSampler();
    plain.record('TypeError', 'boom', error);
    expect(plain.details()?.TypeError?.stack).toBeUndefined();
    const debug = new ErrorSampler(true);
    debug.record('TypeError', 'boom', error);
    debug.record('TypeError', 'boom', new TypeError('second'));
    expect(debug.details()?.TypeError?.stack).toBe(error.stack);
  });

  it('has no details when nothing failed', () => {
    expect(new ErrorSampler().details()).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it("adds the cause's message when it says more, on one line", () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(errorMessage(new TypeError('fetch failed', { cause: inner }))).toBe('fetch failed (cause: connect ECONNREFUSED 127.0.0.1:1)');
    expect(errorMessage(new Error('two\n  lines'))).toBe('two lines');
    expect(errorMessage('a thrown string')).toBe('a thrown string');
  });
});

describe('over repetitions', () => {
  const run = (repetition: number, details: CaseResult['errorDetails'], failed: number): CaseResult => ({
    ...base(),
    repetition,
    requests: { total: 50, ok: 50 - failed, failed, errors: Object.fromEntries(Object.entries(details ?? {}).map(([c, d]) => [c, d.count])) },
    ...(details !== undefined ? { errorDetails: details } : {}),
  });

  it('sums the counts, keeps the first distinct messages of all repetitions and the first stack', () => {
    const merged = mergeErrorDetails([
      { TypeError: { count: 2, messages: ['a'] } },
      undefined,
      { TypeError: { count: 3, messages: ['a', 'b'], stack: 'S' }, EPIPE: { count: 1, messages: ['write EPIPE'] } },
    ]);
    expect(merged).toEqual({ TypeError: { count: 5, messages: ['a', 'b'], stack: 'S' }, EPIPE: { count: 1, messages: ['write EPIPE'] } });
    expect(mergeErrorDetails([undefined, undefined])).toBeUndefined();
  });

  it("an aggregate carries them, and its sentence quotes each code's messages", () => {
    const [agg] = aggregate([
      run(0, { TypeError: { count: 2, messages: ['baseURL.slice is not a function'] } }, 2),
      run(1, { TypeError: { count: 1, messages: ['baseURL.slice is not a function', 'other "quoted"'] } }, 1),
    ]);
    expect(agg?.errorDetails).toEqual({ TypeError: { count: 3, messages: ['baseURL.slice is not a function', 'other "quoted"'] } });
    expect(describeErrors(agg!)).toBe('3 of 100 requests failed: TypeError ×3 ("baseURL.slice is not a function"; "other \\"quoted\\"").');
    expect(errorStackLines(agg!)).toEqual([]);
  });

  it('an aggregate of runs without failures has no details', () => {
    expect(aggregate([run(0, undefined, 0)])[0]).not.toHaveProperty('errorDetails');
  });
});
