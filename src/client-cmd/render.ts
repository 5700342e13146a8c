/** The lines verify and trace add under an external client's row: what the server saw and how the command ended. */
import type { CaseResult, Results } from '../results.js';

export function clientLines(run: CaseResult, indent = '  '): string[] {
  const c = run.client;
  if (!c) return [];
  const how = c.timedOut
    ? `killed after ${c.timeoutMs / 1000} s (--client-timeout)`
    : c.exitCode === null
      ? `killed by ${c.signal ?? 'a signal'}`
      : `exit ${c.exitCode}`;
  const lines = [`${indent}server saw: ${c.serverView}`, `${indent}command: ${how} after ${(c.wallMs / 1000).toFixed(2)} s`];
  if (c.timedOut || c.exitCode !== 0) for (const line of c.stderrTail) lines.push(`${indent}  stderr: ${line}`);
  return lines;
}

/** Under the run table: what an external row's numbers are, since they are not measured like the others. */
export function externalRowsNote(results: Results): string {
  const ids = [...new Set(results.runs.filter((r) => r.client).map((r) => r.strategy))];
  if (ids.length === 0) return '';
  return (
    `external clients (--client-cmd): ${ids.join(', ')} — counted by the server; p50/p99/max are the server's per-request time ` +
    `(request arrived → response sent, over all requests; connect, TLS and the client's own queueing not included); ` +
    `throughput is requests over the command's wall time (program start-up included).\n`
  );
}
