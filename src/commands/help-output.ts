/** Help for run's output options (issue 12): the metric names --threshold and the exports use. */
import { METRICS } from '../report/metrics.js';

/** After run's output options: the summary GitHub Actions shows, which no flag asks for. */
export const STEP_SUMMARY = 'With $GITHUB_STEP_SUMMARY set (GitHub Actions), the Markdown summary is appended to it.';

/** The metric names of --threshold and the exports, with units and how repetitions fold into one value. */
export function metricsHelp(): string {
  const fold = { mean: 'mean of reps', max: 'highest rep', sum: 'sum of reps' } as const;
  const width = Math.max(...METRICS.map((m) => m.id.length)) + 2;
  const lines = METRICS.map((m) => `  ${m.id.padEnd(width)}${`[${m.unit}]`.padEnd(15)}${fold[m.fold].padEnd(14)}${m.description}`);
  return `Metrics (--threshold, --export-*): name, unit, the value a threshold checks, meaning
${lines.join('\n')}
`;
}
