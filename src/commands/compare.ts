/** `muxbench compare BASE.json NEW.json [--fail-on-regression 5%]`: the release gate. */
import { compareResults, gateFailures } from '../compare/compare.js';
import { readResultsFile } from '../compare/load.js';
import { renderCompareText } from '../compare/render-text.js';
import { fmtP } from '../compare/rows.js';
import type { Comparison } from '../compare/types.js';

export interface CompareConfig {
  base: string;
  next: string;
  /** Fail (exit 1) on a significant regression above this fraction (0.05 = 5 %); undefined = never. */
  failOnRegression: number | undefined;
  json: boolean;
}

export interface CompareIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function compareCommand(config: CompareConfig, io: CompareIo): Promise<number> {
  const [base, next] = await Promise.all([readResultsFile(config.base), readResultsFile(config.next)]);
  const comparison = compareResults(base, next, { baseLabel: config.base, nextLabel: config.next });
  if (config.json) io.stdout(`${JSON.stringify(comparison, null, 2)}\n`);
  else io.stdout(renderCompareText(comparison));
  return gateExitCode(comparison, config.failOnRegression, io);
}

/** 1 when the gate is set and a significant regression exceeds it; the reasons go to stderr, one line each. */
export function gateExitCode(comparison: Comparison, threshold: number | undefined, io: Pick<CompareIo, 'stderr'>): number {
  if (threshold === undefined) return 0;
  const failures = gateFailures(comparison, threshold);
  const limit = `${(threshold * 100).toFixed(1)} %`;
  for (const f of failures) {
    const m = f.change;
    io.stderr(
      `muxbench: regression above ${limit}: ${f.scenario} ${f.strategy} ${m.metric} ${(m.slowdown * 100).toFixed(1)} % slower (p = ${fmtP(m.pValue)})\n`,
    );
  }
  return failures.length > 0 ? 1 : 0;
}
