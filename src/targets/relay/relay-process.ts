/**
 * Child-process entry for the relay (relay.ts):
 *   node relay-process.js '<json: RelayProcessArgs>'
 * with an IPC channel. Its own process: the relay's work must show up neither as client
 * latency (the worker's event loop) nor as server CPU (the ping server's, or nginx's).
 *
 * Protocol: the child sends {type:'listening', port} once (or {type:'error', message} and
 * exits 1); the parent sends {type:'reset'|'counts', id} and gets {type:'reply', id, counts}.
 * The child exits when the parent disconnects.
 */
import { watchParent } from '../../process/parent-watch.js';
import { startRelay, type Relay, type RelayCounts, type RelayOptions } from './relay.js';

export type RelayProcessArgs = RelayOptions & { upstreamHost: string; upstreamPort: number };
export type RelayParentMessage = { type: 'reset' | 'counts'; id: number };
export type RelayMessage =
  | { type: 'listening'; port: number }
  | { type: 'error'; message: string }
  | { type: 'reply'; id: number; counts: RelayCounts };

function send(message: RelayMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function isParentMessage(value: unknown): value is RelayParentMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; id?: unknown };
  return (m.type === 'reset' || m.type === 'counts') && typeof m.id === 'number';
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('relay-process.ts must be started with an IPC channel (see src/targets/relay/relay-target.ts)\n');
    process.exit(1);
  }
  let relay: Relay | undefined;
  watchParent(() => {
    setTimeout(() => process.exit(0), 500).unref();
    void (relay?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
  try {
    const args = JSON.parse(process.argv[2] ?? '') as RelayProcessArgs;
    relay = await startRelay({ host: args.upstreamHost, port: args.upstreamPort }, {
      rttMs: args.rttMs,
      jitterMs: args.jitterMs,
      ...(args.bandwidthMbps !== undefined ? { bandwidthMbps: args.bandwidthMbps } : {}),
    });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  const running = relay;
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'reset') running.reset();
    void send({ type: 'reply', id: message.id, counts: running.counts() });
  });
  void send({ type: 'listening', port: running.port });
}

void main();
