/** An external client's row identity: shaped like a strategy so every report shows it; it never runs in a worker. */
import type { Strategy } from '../strategies/types.js';
import type { RunnerKind } from '../runner-kinds/runner-kind.js';
import type { ClientsConfig } from './options.js';

export function clientRows(clients: ClientsConfig): Array<{ strategy: Strategy; runner: RunnerKind }> {
  return clients.commands.map((command) => ({
    strategy: {
      id: command.id,
      label: `external: ${command.text}`,
      library: command.words[0]?.split('/').at(-1) ?? 'external',
      intent: clients.intent,
      configuration: `${command.text} (counted by the server; latency = server-side per-request time)`,
      open: () => Promise.reject(new Error('an external client runs as its own command, not through open()')),
    },
    runner: { kind: 'client-cmd', command, timeoutMs: clients.timeoutMs },
  }));
}
