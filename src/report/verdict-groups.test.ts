import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { mergeMessages, repList, verdictGroups } from './verdict-groups.js';
import type { Results, Verdict } from '../results.js';

describe('mergeMessages', () => {
  it('turns numbers that differ into ranges and keeps those that agree', () => {
    expect(
      mergeMessages([
        'warm rounds opened 65 new connections for 1200 requests, 0 full TLS handshakes and 65 resumed',
        'warm rounds opened 81 new connections for 1600 requests, 0 full TLS handshakes and 81 resumed',
        'warm rounds opened 82 new connections for 1200 requests, 82 full TLS handshakes and 0 resumed',
      ]),
    ).toBe('warm rounds opened 65–82 new connections for 1200–1600 requests, 0–82 full TLS handshakes and 0–81 resumed');
  });

  it('uses the plural after a range and keeps a shared singular', () => {
    expect(mergeMessages(['opened 1 new connection for 69 requests', 'opened 3 new connections for 69 requests'])).toBe(
      'opened 1–3 new connections for 69 requests',
    );
    expect(mergeMessages(['1 connection, 2 streams', '1 connection, 5 streams'])).toBe('1 connection, 2–5 streams');
  });

  it('keeps version-like numbers that agree exactly as written', () => {
    expect(mergeMessages(['http2-wrapper 2.2.4 reset 3 streams', 'http2-wrapper 2.2.4 reset 5 streams'])).toBe(
      'http2-wrapper 2.2.4 reset 3–5 streams',
    );
  });

  it('gives up (undefined) when the wording differs, and returns a lone message as is', () => {
    expect(mergeMessages(['1 request failed', 'no request failed'])).toBeUndefined();
    expect(mergeMessages(['a 1', 'b 1'])).toBeUndefined();
    expect(mergeMessages(['same 1', 'same 1'])).toBe('same 1');
    expect(mergeMessages([])).toBeUndefined();
  });
});

describe('repList', () => {
  it.each([
    [[0], 'rep 0'],
    [[0, 1], 'reps 0, 1'],
    [[0, 1, 2], 'reps 0–2'],
    [[0, 2], 'reps 0, 2'],
    [[2, 0, 1, 4, 5, 6, 9], 'reps 0–2, 4–6, 9'],
  ])('%j → %s', (reps, text) => expect(repList(reps)).toBe(text));
});

describe('verdictGroups', () => {
  const verdict = (rule: string, severity: Verdict['severity'], message: string, fix: string): Verdict => ({ rule, severity, message, fix });

  /** The fixture's burst runs with verdicts of our choosing per repetition. */
  function withVerdicts(byRep: Record<number, Verdict[]>, strategy = 'undici-h2'): Results {
    const results = fixtureResults();
    for (const run of results.runs) {
      if (run.scenario === 'burst' && run.strategy === strategy) run.verdicts = byRep[run.repetition] ?? [];
    }
    return results;
  }

  it('one group per strategy × rule, repetitions merged, the worst severity, each fix once', () => {
    const results = withVerdicts({
      0: [verdict('fan-out', 'warn', 'opened 90 connections', 'connections: 1'), verdict('downgrade', 'ok', 'fine', '')],
      1: [verdict('fan-out', 'fail', 'opened 100 connections', 'connections: 1')],
    });
    const groups = verdictGroups(results, 'burst');
    expect(groups).toEqual([
      {
        strategy: 'undici-h2',
        rule: 'fan-out',
        severity: 'fail',
        reps: [0, 1],
        planned: 2,
        message: 'opened 90–100 connections',
        merged: true,
        mixed: 'fail in rep 1, warn in rep 0',
        fixes: ['connections: 1'],
      },
    ]);
  });

  it('keeps distinct fixes and says when the wording differed', () => {
    const results = withVerdicts({
      0: [verdict('goaway', 'fail', 'the server closed 1 connection', 'fix A')],
      1: [verdict('goaway', 'fail', 'no connection closed but a request failed', 'fix B')],
    });
    const [group] = verdictGroups(results, 'burst');
    expect(group?.merged).toBe(false);
    expect(group?.message).toBe('the server closed 1 connection');
    expect(group?.fixes).toEqual(['fix A', 'fix B']);
  });

  it('cases that could not run or were skipped are groups too', () => {
    const results = fixtureResults();
    const run = results.runs.find((r) => r.scenario === 'seed' && r.strategy === 'https-keepalive' && r.repetition === 1);
    if (!run) throw new Error('fixture changed');
    run.status = 'error';
    run.error = { code: 'ECONNRESET', message: 'socket hang up' };
    const groups = verdictGroups(results, 'seed');
    expect(groups.map((g) => [g.strategy, g.rule, g.severity, g.reps, g.message])).toEqual([
      ['https-keepalive', 'could not run', 'fail', [1], 'ECONNRESET: socket hang up'],
    ]);
  });
});
