/** Help for `muxbench serve`; the option lines come from the option table (options/help.ts). */
import { optionsHelp } from '../options/help.js';

export function serveHelp(): string {
  return `Usage: muxbench serve [options]

Starts a target and prints its origin, a ping URL, the CA and the client certificate and
key, so you can point any client at it by hand. Whenever traffic goes idle, and when it
stops, it prints what the server saw per connection (accepted, TLS full/resumed, ALPN,
requests, peak in flight) and the verdicts of the diagnosis rules, then starts counting
afresh.

${optionsHelp('serve')}

Exit codes: 0 stopped, 1 the target could not start, 2 bad command line.
`;
}
