/**
 * `muxbench verify`: a cold burst through each strategy, every diagnosis rule on it, and
 * a verdict a release gate can use: exit 1 when any strategy whose intent is
 * one-connection breaks a rule (or could not run), 0 otherwise.
 */
import type { RunConfig } from '../config.js';
import type { CaseResult, Results, Verdict } from '../results.js';
import { runCommand, type RunHooks, type RunIo } from './run.js';
import { clientLines } from '../client-cmd/render.js';
import { RUN_OUTPUTS_WITHOUT_TABLE } from '../pipeline/outputs.js';

const MARK: Record<Verdict['severity'], string> = { ok: '✓', warn: '⚠', fail: '✗' };

export interface VerifyOutcome {
  results: Results;
  /** One-connection strategies that broke a rule or could not run. */
  failed: string[];
}

function caseFailed(run: CaseResult): boolean {
  return run.status === 'error' || run.verdicts.some((v) => v.severity === 'fail');
}

export function renderVerify(results: Results): { text: string; failed: string[] } {
  const lines: string[] = [];
  const failed = new Set<string>();
  let gated = 0;
  for (const run of results.runs) {
    const strategy = results.strategies.find((s) => s.id === run.strategy);
    const intent = strategy?.intent ?? 'unknown intent';
    const gate = intent === 'one-connection';
    if (gate) gated += 1;
    const bad = caseFailed(run);
    if (gate && bad) failed.add(run.strategy);
    const warnings = run.verdicts.filter((v) => v.severity === 'warn').length;
    const okText = warnings > 0 ? `ok, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'ok';
    const status = run.status === 'skipped' ? 'skipped' : bad ? (gate ? 'FAIL' : 'fails a rule (not gated: intent is not one-connection)') : okText;
    lines.push(`${run.strategy} (${intent}, ${run.scenario}, concurrency ${run.concurrency}): ${status}`);
    lines.push(...clientLines(run));
    if (run.status === 'error') lines.push(`  ✗ could not run: ${run.error?.code ?? ''} ${run.error?.message ?? ''}`);
    if (run.status === 'skipped') lines.push(`  – ${run.skipReason ?? ''}`);
    for (const v of run.verdicts) {
      lines.push(`  ${MARK[v.severity]} ${v.rule}: ${v.message}`);
      if (v.severity !== 'ok' && v.fix) lines.push(`      fix: ${v.fix}`);
    }
    lines.push('');
  }
  const list = [...failed];
  if (gated === 0) lines.push('verify: no strategy with intent one-connection was run, so there is nothing to hold to the rules');
  else if (list.length > 0) lines.push(`verify: FAILED — ${list.length} of ${gated} one-connection strategies break a rule: ${list.join(', ')}`);
  else lines.push(`verify: ok — all ${gated} one-connection strateg${gated === 1 ? 'y holds' : 'ies hold'} to every rule`);
  return { text: `${lines.join('\n')}\n`, failed: list };
}

export async function verifyCommand(config: RunConfig, io: RunIo, hooks: Pick<RunHooks, 'onEvent'> = {}): Promise<VerifyOutcome> {
  const results = await runCommand(config, io, { ...hooks, outputs: RUN_OUTPUTS_WITHOUT_TABLE });
  const { text, failed } = renderVerify(results);
  io.stdout(text);
  if (config.traceFile !== undefined) io.stdout(`trace: ${config.traceFile} (one event per line)\n`);
  return { results, failed };
}
