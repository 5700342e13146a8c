/** Help for `muxbench serve` and the external-client options of run, verify and trace. */

export const clientOptionsHelp = `
External clients (any program, any language; counted by the server):
  --client-cmd '<command>' run this command as one more row (repeatable), judged from the
                           server's own ledger of connections and requests. Placeholders:
                           {origin} {url} {ca} {cert} {key} {concurrency} {host} {port}, also in
                           the environment as MUXBENCH_ORIGIN, MUXBENCH_URL, MUXBENCH_CA, … .
                           Split into words like a shell (quotes, backslashes) but run without
                           one; for pipes or $VARS write --client-cmd "sh -c '…'"
  --client-id <id>         the row's name, once per --client-cmd in order (default: the program)
  --client-timeout <s>     kill the command (its whole process group) after this long (default: 60)
  --intent <intent>        what the client should do: one-connection (default), pool,
                           connection-per-request
  --target local|nginx     the server the command talks to (default: local); --h2c for cleartext`;

export function serveHelp(): string {
  return `Usage: muxbench serve [options]

Starts a target and prints its origin, a ping URL, the CA and the client certificate and
key, so you can point any client at it by hand. Whenever traffic goes idle, and when it
stops, it prints what the server saw per connection (accepted, TLS full/resumed, ALPN,
requests, peak in flight) and the verdicts of the diagnosis rules, then starts counting
afresh.

Options:
  --target local|nginx     which server (default: local, the ping server)
  --mtls                   require a client certificate
  --h2c                    cleartext (h2c with prior knowledge; local also speaks HTTP/1.1)
  --for <s>                stop after this many seconds (default: until Ctrl-C)
  --idle <ms>              traffic is idle after this long without a change (default: 1000)
  --concurrency <n>        what your client sends at once, for the rules (default: the most
                           requests the server saw in flight together)
  --intent <intent>        one-connection (default), pool, connection-per-request
  --json                   one JSON object per line instead of text, for programs:
                           {"event":"listening",origin,url,ca,cert,key}, then per summary
                           {"event":"traffic",connections,tlsFull,tlsResumed,alpn,requests,
                           requestsOk,peakInFlightPerConnection,peakInFlight,tlsFailed,
                           verdicts}, then {"event":"stopped"}
  --debug                  stack traces on errors
  -h, --help               this text

Exit codes: 0 stopped, 1 the target could not start, 2 bad command line.
`;
}
