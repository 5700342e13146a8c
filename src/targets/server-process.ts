/**
 * Child-process entry for the ping server:
 *   node dist/target/server-process.js '<json: PingServerOptions & {certs}>'
 * with an IPC channel. Why a child: the server must never share the client's event
 * loop, or server work would show up as client latency.
 *
 * Protocol (see ServerMessage / ParentMessage): the child sends {type:'listening', port}
 * once (or {type:'error', message} and exits 1); the parent sends {type:'reset'|'counters',
 * id} and gets {type:'reply', id, counters?}. The child exits when the parent disconnects.
 */
import type { ServerCounts } from '../results.js';
import type { ServerLedgerSnapshot } from './server-ledger.js';
import type { CertPaths } from './certs.js';
import { startPingServer, type PingServer } from './ping-server.js';
import { watchParent } from '../process/parent-watch.js';
import { liveMemory, type ServerMemory } from '../costs/live-memory.js';
import type { PingServerOptions } from './types.js';
import { definedOnly } from '../defined.js';

export type ParentMessage = { type: 'reset' | 'counters' | 'ledger' | 'memory'; id: number };
export type ServerMessage =
  | { type: 'listening'; port: number; cleartextPort?: number; originPorts?: number[] }
  | { type: 'error'; message: string }
  | { type: 'reply'; id: number; counters?: ServerCounts; ledger?: ServerLedgerSnapshot; memory?: ServerMemory };

export type ServerProcessArgs = PingServerOptions & { certs: CertPaths };

/** Resolves once the message is handed to the channel, so exiting right after is safe. */
function send(message: ServerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * MUXBENCH_LEDGER_RECORDS: the requests a case keeps as records before the ledger
 * summarises (server-ledger.ts; default 100,000). For `npm run bench:soak`, whose 200
 * req/s reach 100,000 only after 8.3 minutes: its slopes should measure the summarised
 * steady state, not the bounded record phase (+5 MB/min until the limit, then flat).
 * startPingServer validates the number.
 */
function recordsFromEnv(): number | undefined {
  const raw = process.env.MUXBENCH_LEDGER_RECORDS;
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

function isParentMessage(value: unknown): value is ParentMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; id?: unknown };
  return (m.type === 'reset' || m.type === 'counters' || m.type === 'ledger' || m.type === 'memory') && typeof m.id === 'number';
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('server-process.ts must be started with an IPC channel (see src/targets/local.ts)\n');
    process.exit(1);
  }
  let server: PingServer | undefined;
  // Listen before starting: a parent that dies during start-up must not leave an
  // orphan server holding a port.
  // The same when muxbench dies of SIGKILL (the kernel closes the channel); a close that
  // hangs on a stuck connection is cut short so the server is gone within the 2 s bound.
  watchParent(() => {
    if (!server) process.exit(0);
    setTimeout(() => process.exit(0), 1_000).unref();
    void server.close().finally(() => process.exit(0));
  });
  try {
    const args = JSON.parse(process.argv[2] ?? '') as ServerProcessArgs;
    server = await startPingServer({ ...args, ledgerRequestRecords: args.ledgerRequestRecords ?? recordsFromEnv() });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  const running = server;
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'reset') {
      running.reset();
      void send({ type: 'reply', id: message.id });
    } else if (message.type === 'memory') {
      void send({ type: 'reply', id: message.id, memory: liveMemory() });
    } else if (message.type === 'ledger') {
      void send({ type: 'reply', id: message.id, ledger: running.ledger() });
    } else {
      void send({ type: 'reply', id: message.id, counters: running.counters() });
    }
  });
  void send({ type: 'listening', port: running.port, originPorts: running.originPorts, ...definedOnly({ cleartextPort: running.cleartextPort }) });
}

void main();
