/**
 * A case in which no request succeeded gives the rules nothing to call ok: "no connection
 * was opened" and "peak 0 streams" are not a client that multiplexes. Those rules are
 * not judged; a rule that finds fault anyway keeps its verdict.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../results.js';
import { C, ONE, base, counts, withConnections } from '../../test/support/rule-case.js';
import { judge, rules } from './registry.js';

const target = { speaksH2: true } as const;
const allFailed = { total: 50, ok: 0, failed: 50, errors: { TypeError: 50 } };

describe('judge', () => {
  it('no request succeeded and no connection was opened: no rule is judged, none is ok', () => {
    const result: CaseResult = {
      ...withConnections({ ...counts(0), cold: counts(0), maxConcurrentStreams: 0, requestsPerConnection: [], remoteMaxConcurrentStreams: null }),
      requests: allFailed,
    };
    const { verdicts, notJudged } = judge({ result, strategy: ONE, target });
    expect(verdicts).toEqual([]);
    expect(notJudged.map((n) => n.rule)).toEqual(rules.map((r) => r.id));
    expect(notJudged.find((n) => n.rule === 'cold-burst-fan-out')?.reason).toBe('no request succeeded');
    expect(notJudged.find((n) => n.rule === 'downgrade')?.reason).toBe('no request succeeded and no connection was opened');
  });

  it('no request succeeded on an opened connection: rules about connections judge, rules about requests do not', () => {
    const result: CaseResult = { ...base(), requests: allFailed };
    const { verdicts, notJudged } = judge({ result, strategy: ONE, target });
    expect(notJudged.map((n) => n.rule)).toEqual(rules.filter((r) => r.needs === 'success').map((r) => r.id));
    expect(verdicts.map((v) => v.rule)).toEqual(rules.filter((r) => r.needs === 'connection').map((r) => r.id));
    expect(verdicts.find((v) => v.rule === 'downgrade')?.severity).toBe('ok');
  });

  it('a fault found without a successful request stands: a fan-out of failing requests fails', () => {
    const result: CaseResult = { ...withConnections({ ...counts(C), cold: counts(C), maxConcurrentStreams: 1, requestsPerConnection: Array(C).fill(5) }), requests: allFailed };
    const { verdicts, notJudged } = judge({ result, strategy: ONE, target });
    expect(verdicts.find((v) => v.rule === 'cold-burst-fan-out')?.severity).toBe('fail');
    expect(notJudged.map((n) => n.rule)).not.toContain('cold-burst-fan-out');
  });

  it('one request succeeded: every rule is judged', () => {
    const result: CaseResult = { ...base(), requests: { total: 50, ok: 1, failed: 49, errors: { TypeError: 49 } } };
    const { verdicts, notJudged } = judge({ result, strategy: ONE, target });
    expect(notJudged).toEqual([]);
    expect(verdicts).toHaveLength(rules.length);
  });
});
