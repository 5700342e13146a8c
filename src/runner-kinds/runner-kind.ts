/**
 * What runs a case, chosen once when the plan is made: a worker process loading a
 * strategy (the default), the native h2load reference, an external client command
 * judged from the server's ledger, or the harness of a Bun or Deno variant. The runner switches on this, never on an id.
 */
import type { ExternalClientRun, HarnessRun } from '../results.js';
import type { WorkerReply } from './protocol.js';

/** An external client's command line (--client-cmd), parsed by client-cmd/command.ts. */
export interface ClientCommand {
  /** Row id in the results (--client-id, or derived from the program name). */
  id: string;
  /** The command as the user wrote it, placeholders included. */
  text: string;
  /** Its words, placeholders not yet filled in. */
  words: string[];
}

export type RunnerKind =
  | { kind: 'worker' }
  | { kind: 'h2load' }
  | { kind: 'client-cmd'; command: ClientCommand; timeoutMs: number }
  /** A built-in strategy on Bun or Deno: the runtime's harness (harness/harness-case.ts), counted by the server. */
  | { kind: 'harness' };

/** What any runner kind hands back: a worker-shaped reply, plus the command's run for external clients. */
export interface CaseOutcome {
  reply: WorkerReply;
  client?: ExternalClientRun;
  harness?: HarnessRun;
}
