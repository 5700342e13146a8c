/**
 * Verdicts for one screen: one entry per strategy × rule (and per strategy for cases
 * that could not run or were skipped), the repetitions it fired in merged into ranges,
 * and the per-repetition counts in its message merged into ranges ("65–82 new
 * connections"). On the committed baseline (results/baseline.json, 3 scenarios × 9
 * strategies × 3 repetitions) the full output prints 27 verdict lines, each with its fix;
 * grouped, 15. Every repetition's own message stays in the JSON and the Markdown report
 * (notesOf).
 */
import type { CaseResult, Results, Severity } from '../results.js';
import { strategyLabel } from './rows.js';

export interface VerdictGroup {
  /** The row's label: the strategy id, `strategy @ variant` when the run has several runtime variants. */
  strategy: string;
  /** The rule id, or 'could not run' / 'skipped' for cases without verdicts. */
  rule: string;
  /** The worst severity of any repetition. */
  severity: Exclude<Severity, 'ok'> | 'skip';
  /** Repetitions it fired in, ascending. */
  reps: number[];
  /** Repetitions planned for the strategy in this scenario. */
  planned: number;
  /** The message with differing numbers as ranges; the first repetition's when the wording differs. */
  message: string;
  /** False when repetitions worded the message differently (only the first is shown). */
  merged: boolean;
  /** Severity per repetition when they differ, e.g. "fail in rep 1, warn in reps 0, 2". */
  mixed: string;
  /** Distinct fixes, in order of first appearance. */
  fixes: string[];
}

interface Entry {
  rep: number;
  severity: VerdictGroup['severity'];
  message: string;
  fix: string;
}

const RANK: Record<VerdictGroup['severity'], number> = { skip: 0, warn: 1, fail: 2 };

function entriesOf(run: CaseResult): Array<{ rule: string } & Entry> {
  const out: Array<{ rule: string } & Entry> = [];
  if (run.status === 'error') {
    const what = run.error ? `${run.error.code}: ${run.error.message}` : 'unknown error';
    out.push({ rule: 'could not run', rep: run.repetition, severity: 'fail', message: what, fix: '' });
  } else if (run.status === 'skipped') {
    out.push({ rule: 'skipped', rep: run.repetition, severity: 'skip', message: run.skipReason ?? 'no reason given', fix: '' });
  }
  for (const v of run.verdicts) {
    if (v.severity !== 'ok') out.push({ rule: v.rule, rep: run.repetition, severity: v.severity, message: v.message, fix: v.fix });
  }
  return out;
}

/** Warn/fail/skip groups of one scenario, in the order they first appear in the run. */
export function verdictGroups(results: Results, scenarioId: string): VerdictGroup[] {
  const groups = new Map<string, { strategy: string; rule: string; entries: Entry[] }>();
  const planned = new Map<string, number>();
  for (const run of results.runs) {
    if (run.scenario !== scenarioId) continue;
    // Per table row: each runtime variant of a strategy is a row of its own, with its own repetitions.
    const row = strategyLabel(results, run.strategy, run.runtime?.id);
    planned.set(row, (planned.get(row) ?? 0) + 1);
    for (const { rule, ...entry } of entriesOf(run)) {
      const key = JSON.stringify([row, rule]);
      const group = groups.get(key) ?? { strategy: row, rule, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
  }
  // Group by strategy in table order: a reader scans one strategy's problems together.
  const order = [...planned.keys()];
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.strategy) - order.indexOf(b.strategy))
    .map(({ strategy, rule, entries }) => {
      const severity = entries.reduce<Entry['severity']>((worst, e) => (RANK[e.severity] > RANK[worst] ? e.severity : worst), 'skip');
      const merged = mergeMessages(entries.map((e) => e.message));
      return {
        strategy,
        rule,
        severity,
        reps: [...new Set(entries.map((e) => e.rep))].sort((a, b) => a - b),
        planned: planned.get(strategy) ?? entries.length,
        message: merged ?? entries[0]?.message ?? '',
        merged: merged !== undefined,
        mixed: mixedSeverities(entries),
        fixes: [...new Set(entries.map((e) => e.fix).filter((f) => f.length > 0))],
      };
    });
}

function mixedSeverities(entries: readonly Entry[]): string {
  const by = new Map<string, number[]>();
  for (const e of entries) by.set(e.severity, [...(by.get(e.severity) ?? []), e.rep]);
  if (by.size < 2) return '';
  return [...by.entries()]
    .sort(([a], [b]) => RANK[b as Entry['severity']] - RANK[a as Entry['severity']])
    .map(([severity, reps]) => `${severity} in ${repList(reps)}`)
    .join(', ');
}

/** [0, 1, 2] → "reps 0–2", [0, 2] → "reps 0, 2", [1] → "rep 1". */
export function repList(reps: readonly number[]): string {
  const sorted = [...new Set(reps)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const from = sorted[i];
    const to = sorted[j];
    parts.push(j - i >= 2 ? `${from}–${to}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return `rep${sorted.length === 1 ? '' : 's'} ${parts.join(', ')}`;
}

/** Digits with an optional fraction: "2200", "12.3". Thousands separators do not occur in verdict messages. */
const NUMBER = /\d+(?:\.\d+)?/g;

/** Text between the numbers, with a plural "s" after a word dropped, so "1 connection" and "3 connections" share a shape. */
const shape = (text: string): string => text.replace(/(\p{L})s\b/gu, '$1');

/**
 * Messages that differ only in their numbers become one, each differing number a range
 * "min–max" (an en dash, as in the table); undefined when the wording differs.
 */
export function mergeMessages(messages: readonly string[]): string | undefined {
  const [first, ...rest] = messages;
  if (first === undefined) return undefined;
  if (rest.every((m) => m === first)) return first;
  const split = messages.map((m) => ({ texts: m.split(NUMBER), numbers: m.match(NUMBER) ?? [] }));
  const base = split[0];
  if (!base) return undefined;
  for (const s of split) {
    if (s.numbers.length !== base.numbers.length) return undefined;
    if (s.texts.some((t, i) => shape(t) !== shape(base.texts[i] ?? ''))) return undefined;
  }
  const out: string[] = [];
  base.texts.forEach((text, i) => {
    if (i > 0) {
      const numbers = split.map((s) => s.numbers[i - 1] ?? '');
      const range = numberRange(numbers);
      out.push(range);
      // After a range, the plural wording ("1–3 new connections"); after one shared
      // number, the first message's own wording (which is right for it).
      out.push(range.includes('–') ? longest(split.map((s) => s.texts[i] ?? '')) : text);
    } else {
      out.push(text);
    }
  });
  return out.join('');
}

const longest = (texts: readonly string[]): string => texts.reduce((a, b) => (b.length > a.length ? b : a), '');

function numberRange(texts: readonly string[]): string {
  const values = texts.map(Number);
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return texts[0] ?? String(min);
  return `${texts[values.indexOf(min)] ?? min}–${texts[values.indexOf(max)] ?? max}`;
}
