/** Help texts of the report commands (compare, report, merge); the option lines come from the option table (options/help.ts). */
import { optionsHelp } from '../options/help.js';

export function compareHelp(): string {
  return `Usage: muxbench compare BASE.json NEW.json [options]
       muxbench compare RESULTS.json --a ID --b ID [options]

For every scenario × strategy: the slowdown of p50, p99 and throughput (ratio of geometric
means across repetitions) with its 95 % confidence interval (t on log ratios; Welch–
Satterthwaite df for two files, paired by repetition for --a/--b), and a verdict against the
threshold (--fail-on-regression, default 5 %): regression = the whole interval beyond it and
significant after Holm–Bonferroni over the gated rows (--gate; without one, every latency
and throughput row; CPU rows are reported) (family-wise error ≤ 2.5 %). The interval shown
is the one the verdict used, at its level (e.g. @ 99.7 %); inconclusive = the interval straddles it, with the repetitions that would decide.
Counts that were the same in every repetition are compared exactly; counts that vary
between repetitions are ranges, and only ranges that do not overlap are a change.

--a/--b: two strategy ids or two runtime variant ids of one results file; repetition i of
A is paired with repetition i of B (they ran next to each other), the method to trust on a
busy machine.

${optionsHelp('compare')}

Exit codes: 0 done (inconclusive rows are listed, not failed), 1 a regression failed the
gate or a file is not a results file, 2 bad command line, or --fail-on-regression against
a baseline from another machine (without --allow-other-machine).
`;
}

export function reportHelp(): string {
  return `Usage: muxbench report RESULTS.json [--html OUT.html] [--md OUT.md]

Renders a results file again: --html writes one self-contained HTML file (inline SVG
charts, nothing fetched, viewable offline): latency percentiles per strategy, connections
and handshakes per strategy, the concurrency sweep, and the comparison when the run had
--compare. --md writes the Markdown report.

${optionsHelp('report')}

Exit codes: 0 done, 1 the file is not a results file, 2 bad command line.
`;
}

export function mergeHelp(): string {
  return `Usage: muxbench merge A.json B.json … -o MERGED.json [--md MERGED.md]

Adds up results files that several hosts wrote with the same 'muxbench run' command (at the
same time, against one target) into one results file that report, compare and every export
read. For each case (scenario × strategy × repetition × runtime variant): requests,
connections, TLS handshakes, ALPN and errors are summed; throughput is the hosts' sum; the
latency and phase histograms are added bucket for bucket, so p50 … max are those of all the
hosts' requests together (exact to HDR's 3 significant digits, as on one host). Streams per
connection is the busiest connection of any host. Each host's environment, provenance,
command and target are kept in 'hosts'; the merged file's 'environment' is the first one's.
Verdicts are each host's, not recomputed (3 hosts of a one-connection strategy open 3).

Refused, with one line: files of different scenarios, strategies or options, files whose
cases differ (an interrupted or --precision run), and files without histograms (written
by an older muxbench). See docs/distributed.md.

${optionsHelp('merge')}

Exit codes: 0 done, 1 a file is not a results file, 2 bad command line or files that
cannot be merged.
`;
}
