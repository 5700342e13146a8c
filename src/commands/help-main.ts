/**
 * `muxbench --help`: its own module with no imports, so the top-level help loads nothing
 * else. `usage`: each command's lines, from the command table in cli.ts.
 */
export function mainHelp(usage: ReadonlyArray<readonly [string, string]>): string {
  const lines = usage.map(([what, does]) => `  muxbench ${what.padEnd(Math.max(19, what.length + 2))} ${does}`);
  return `muxbench - how many connections and TLS handshakes does your HTTP/2 client really open?

Runs the same concurrent "ping" workload through each HTTP client connection strategy and
records, per strategy: TCP connections (cold round / warm rounds), TLS handshakes (full /
resumed), the negotiated protocol, streams per connection, latency percentiles and
throughput. Client-side counts are checked against the server's own counts.

Usage:
${lines.join('\n')}
  muxbench --help | --version

Run 'muxbench run --help' (or verify --help, trace --help) for the options.
`;
}
