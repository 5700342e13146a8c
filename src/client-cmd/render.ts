/** The lines verify and trace add under an external client's row: what the server saw and how the command ended. */
import type { CaseResult } from '../results.js';

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
