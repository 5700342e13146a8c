/** Help for run's output options (issue 12): detail, exports, thresholds, and the metric names they use. */
import { METRICS } from '../report/metrics.js';

export function outputHelp(): string {
  return `  --phases                 add the phase tables (connect, TLS, TTFB, total) under each scenario
  --verbose                the full detail: a sentence per strategy, every repetition's verdicts, phases
  --export-csv <file>      CSV: one row per scenario × strategy × repetition × metric, with its unit
  --export-markdown <file> the Markdown summary (tables, comparison, verdicts, thresholds)
  --export-github-benchmark <file>
                           github-action-benchmark JSON: <file> holds customSmallerIsBetter (latency,
                           connections, handshakes, errors), <file>-bigger.json customBiggerIsBetter (throughput)
  --export-bmf <file>      Bencher Metric Format JSON (latency in ns, throughput in req/s, counts)
  --threshold '<scenario>/<strategy>: <metric><op><number>, …'
                           an absolute limit, e.g. 'burst/undici-h2: conns.cold<=1, p99<50, errors==0';
                           * matches any scenario or strategy; op: < <= > >= == !=; repeatable;
                           exit 1 naming each one that failed
  --config <file>          thresholds from a JSON file (default: ./muxbench.config.json when it exists):
                           { "thresholds": { "burst/undici-h2": ["conns.cold<=1", "p99<50"] } }
  --no-config              ignore ./muxbench.config.json
  --gate <scenario/strategy/metric>
                           with --compare: gate only this row (repeatable), e.g. burst/my-client/p50;
                           --precision spends its budget on the gated rows; config: { "gate": [...] }
                           With $GITHUB_STEP_SUMMARY set (GitHub Actions), the Markdown summary is appended to it.`;
}

/** The metric names of --threshold and the exports, with units and how repetitions fold into one value. */
export function metricsHelp(): string {
  const fold = { mean: 'mean of reps', max: 'highest rep', sum: 'sum of reps' } as const;
  const width = Math.max(...METRICS.map((m) => m.id.length)) + 2;
  const lines = METRICS.map((m) => `  ${m.id.padEnd(width)}${`[${m.unit}]`.padEnd(15)}${fold[m.fold].padEnd(14)}${m.description}`);
  return `Metrics (--threshold, --export-*): name, unit, the value a threshold checks, meaning
${lines.join('\n')}
`;
}
