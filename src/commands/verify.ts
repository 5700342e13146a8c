/**
 * `muxbench verify`: a cold burst through each strategy, every diagnosis rule on it, and
 * a verdict a release gate can use: exit 1 when any strategy whose intent is
 * one-connection breaks a rule (or could not run), or when any strategy, whatever its
 * intent, had no request succeed; 0 otherwise. Rules a case gave nothing to judge on are
 * listed as "not judged", never as ✓.
 */
import type { RunConfig } from '../config.js';
import type { CaseResult, Results, Verdict } from '../results.js';
import { runCommand, type RunHooks, type RunIo } from './run.js';
import { clientLines } from '../client-cmd/render.js';
import { RUN_OUTPUTS_WITHOUT_TABLE } from '../pipeline/outputs.js';
import { describeErrors, errorStackLines } from '../report/describe.js';
import { fmtCount } from '../report/format.js';
import { firstError } from '../stats/error-details.js';

const MARK: Record<Verdict['severity'], string> = { ok: '✓', warn: '⚠', fail: '✗' };

export interface VerifyOutcome {
  results: Results;
  /** Strategies that failed verify: one-connection ones that broke a rule or could not run, and any whose requests all failed. */
  failed: string[];
}

function caseFailed(run: CaseResult): boolean {
  return run.status === 'error' || run.verdicts.some((v) => v.severity === 'fail');
}

/** A measured case in which no request succeeded: a client that cannot make a request passes no gate. */
function nothingSucceeded(run: CaseResult): boolean {
  return run.status === 'ok' && run.requests.ok === 0;
}

/** The case's failed requests, beside its verdicts: the line that says none succeeded, or how many failed, with what they said. */
function failureLines(run: CaseResult): string[] {
  if (run.status !== 'ok') return [];
  const lines: string[] = [];
  if (nothingSucceeded(run)) {
    const first = firstError(run.errorDetails);
    const said = first !== undefined ? `; the first error: ${first.code}: ${first.message}` : '';
    lines.push(`  ✗ no request succeeded: ${fmtCount(run.requests.failed)} of ${fmtCount(run.requests.total)} failed${said}`);
    // The breakdown, when there is more to it than that first message.
    const details = Object.values(run.errorDetails ?? {});
    const more = Object.keys(run.requests.errors).length > 1 || details.some((d) => d.messages.length > 1);
    if (more) lines.push(`      ${describeErrors(run)}`);
  } else if (run.requests.failed > 0) {
    lines.push(`  ⚠ ${describeErrors(run)}`);
  }
  lines.push(...errorStackLines(run).map((line) => `      ${line}`));
  return lines;
}

export function renderVerify(results: Results): { text: string; failed: string[] } {
  const lines: string[] = [];
  const failed = new Set<string>();
  const broken = new Set<string>();
  const dead = new Set<string>();
  let gated = 0;
  for (const run of results.runs) {
    const strategy = results.strategies.find((s) => s.id === run.strategy);
    const intent = strategy?.intent ?? 'unknown intent';
    const gate = intent === 'one-connection';
    if (gate) gated += 1;
    const bad = caseFailed(run);
    const none = nothingSucceeded(run);
    if (gate && bad) broken.add(run.strategy);
    if (none) dead.add(run.strategy);
    if ((gate && bad) || none) failed.add(run.strategy);
    const warnings = run.verdicts.filter((v) => v.severity === 'warn').length;
    const okText = warnings > 0 ? `ok, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'ok';
    const failures = run.status === 'ok' && run.requests.failed > 0 && !none ? `; ${fmtCount(run.requests.failed)} of ${fmtCount(run.requests.total)} requests failed` : '';
    const status =
      run.status === 'skipped'
        ? 'skipped'
        : none
          ? 'FAIL: no request succeeded'
          : bad
            ? gate
              ? 'FAIL'
              : 'fails a rule (not gated: intent is not one-connection)'
            : okText;
    lines.push(`${run.strategy} (${intent}, ${run.scenario}, concurrency ${run.concurrency}): ${status}${failures}`);
    lines.push(...clientLines(run));
    if (run.status === 'error') lines.push(`  ✗ could not run: ${run.error?.code ?? ''} ${run.error?.message ?? ''}`);
    if (run.status === 'skipped') lines.push(`  – ${run.skipReason ?? ''}`);
    lines.push(...failureLines(run));
    for (const v of run.verdicts) {
      lines.push(`  ${MARK[v.severity]} ${v.rule}: ${v.message}`);
      if (v.severity !== 'ok' && v.fix) lines.push(`      fix: ${v.fix}`);
    }
    for (const n of run.notJudged ?? []) lines.push(`  – ${n.rule}: not judged (${n.reason})`);
    lines.push('');
  }
  const problems: string[] = [];
  if (broken.size > 0) problems.push(`${broken.size} of ${gated} one-connection strategies break a rule: ${[...broken].join(', ')}`);
  if (dead.size > 0) problems.push(`no request succeeded for ${[...dead].join(', ')}`);
  if (problems.length > 0) lines.push(`verify: FAILED — ${problems.join('; ')}`);
  else if (gated === 0) lines.push('verify: no strategy with intent one-connection was run, so there is nothing to hold to the rules');
  else lines.push(`verify: ok — all ${gated} one-connection strateg${gated === 1 ? 'y holds' : 'ies hold'} to every rule`);
  return { text: `${lines.join('\n')}\n`, failed: [...failed] };
}

export async function verifyCommand(config: RunConfig, io: RunIo, hooks: Pick<RunHooks, 'onEvent'> = {}): Promise<VerifyOutcome> {
  const results = await runCommand(config, io, { ...hooks, outputs: RUN_OUTPUTS_WITHOUT_TABLE });
  const { text, failed } = renderVerify(results);
  io.stdout(text);
  if (config.traceFile !== undefined) io.stdout(`trace: ${config.traceFile} (one event per line)\n`);
  return { results, failed };
}
