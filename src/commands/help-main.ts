/** `muxbench --help`: its own module with no imports, so the top-level help loads nothing else. */
export function mainHelp(): string {
  return `muxbench - how many connections and TLS handshakes does your HTTP/2 client really open?

Runs the same concurrent "ping" workload through each HTTP client connection strategy and
records, per strategy: TCP connections (cold round / warm rounds), TLS handshakes (full /
resumed), the negotiated protocol, streams per connection, latency percentiles and
throughput. Client-side counts are checked against the server's own counts.

Usage:
  muxbench run [options]       run the benchmark (npm run bench = muxbench run --precision 3% --max-time 135)
  muxbench verify [options]    cold burst + diagnosis rules; exit 1 if a one-connection strategy breaks one
  muxbench trace [options]     per-request connection timeline of each strategy (seed scenario)
  muxbench serve [options]     a target for any client: prints origin and certificates, then what the server saw
  muxbench compare BASE NEW    compare two results files (95 % intervals, Holm–Bonferroni, count changes)
  muxbench compare FILE --a ID --b ID   A against B within one run, paired by repetition
  muxbench report FILE --html OUT.html   render a results file as a self-contained HTML report
  muxbench runtimes install    install the Node runtimes and library sets of --node / --with into the cache
  muxbench certs               (re)generate the local CA, server and client certificates
  muxbench --help | --version

Run 'muxbench run --help' (or verify --help, trace --help) for the options.
`;
}
