/** Help texts of the report commands (compare, report). */

export function compareHelp(): string {
  return `Usage: muxbench compare BASE.json NEW.json [options]

For every scenario × strategy in either file: the ratio of p50, p99 and throughput
(new against base, with the uncertainty propagated from the spread across repetitions),
Welch's t-test across repetitions (significant at p < 0.05; needs at least 2 repetitions
on each side), and every change in connection or handshake counts. Environments that
differ (Node, OpenSSL, library versions, CPU) are named in a warning.

Options:
  --fail-on-regression <p>  exit 1 when a significant regression is larger than p, e.g. 5%
  --json                    print the comparison as JSON instead of tables
  --debug                   stack traces on errors
  -h, --help                this text

Exit codes: 0 done, 1 a regression failed the gate or a file is not a results file,
2 bad command line (e.g. a file that does not exist).
`;
}

export function reportHelp(): string {
  return `Usage: muxbench report RESULTS.json [--html OUT.html] [--md OUT.md]

Renders a results file again: --html writes one self-contained HTML file (inline SVG
charts, nothing fetched, viewable offline): latency percentiles per strategy, connections
and handshakes per strategy, the concurrency sweep, and the comparison when the run had
--compare. --md writes the Markdown report.

Exit codes: 0 done, 1 the file is not a results file, 2 bad command line.
`;
}
