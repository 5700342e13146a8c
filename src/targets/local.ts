/**
 * The local target: the ping server in its own child process (so server work never
 * runs on the client's event loop), reachable at https://127.0.0.1:<port>, with its
 * counters read over IPC.
 */
import { fileURLToPath } from 'node:url';
import { childEntry } from '../child-entry.js';
import { RunError } from '../errors.js';
import { startIpcChild } from '../process/ipc-child.js';
import { ensureCerts, loadTlsMaterial } from './certs.js';
import { checkPingServerOptions } from './ping-server.js';
import { behaviourSettings } from './server-options.js';
import type { ParentMessage, ServerMessage, ServerProcessArgs } from './server-process.js';
import type { PingServerOptions, Target } from './types.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = childEntry(import.meta.url, './server-process');
const START_TIMEOUT_MS = 15_000;
const IPC_TIMEOUT_MS = 5_000;
const KILL_GRACE_MS = 3_000;
const TAIL_CHARS = 4_000;

export type LocalTargetOptions = PingServerOptions & {
  certsDir?: string;
  /** Point the target's origin at the cleartext port (http://, h2c + HTTP/1.1); implies `cleartext`. */
  h2c?: boolean;
};

/** The local target, plus its cleartext origin when one was asked for (nginx proxies to it). */
export interface LocalTarget extends Target {
  cleartextOrigin: URL | undefined;
}

export async function startLocalTarget(opts: LocalTargetOptions = {}): Promise<LocalTarget> {
  const { certsDir, h2c = false, ...rest } = opts;
  const serverOpts: PingServerOptions = h2c ? { ...rest, cleartext: true } : rest;
  checkPingServerOptions(serverOpts);
  const mtls = serverOpts.mtls ?? false;
  const certs = await ensureCerts(certsDir);
  const args: ServerProcessArgs = { ...serverOpts, certs };

  // The server exits by itself when the IPC channel closes (server-process.ts), muxbench's death included.
  const server = await startIpcChild<Extract<ServerMessage, { type: 'listening' }>, Extract<ServerMessage, { type: 'reply' }>, ParentMessage['type']>({
    name: 'The local ping server',
    entry: SERVER_ENTRY,
    args,
    cwd: PROJECT_ROOT,
    startTimeoutMs: START_TIMEOUT_MS,
    requestTimeoutMs: IPC_TIMEOUT_MS,
    graceMs: KILL_GRACE_MS,
    outputChars: TAIL_CHARS,
    codes: { start: 'MUXBENCH_SERVER_START', exited: 'MUXBENCH_SERVER_EXITED', timeout: 'MUXBENCH_SERVER_IPC' },
  });
  const ports = server.listening;

  const cleartextOrigin = ports.cleartextPort !== undefined ? new URL(`http://127.0.0.1:${ports.cleartextPort}`) : undefined;
  const origin = h2c && cleartextOrigin ? cleartextOrigin : new URL(`https://127.0.0.1:${ports.port}`);
  const settings = behaviourSettings(serverOpts);
  return {
    kind: 'local',
    origin,
    // The TLS origin's twins on other ports (the lifetime scenario); none for the cleartext origin.
    ...(origin.protocol === 'https:' ? { origins: [origin, ...(ports.originPorts ?? []).map((p) => new URL(`https://127.0.0.1:${p}`))] } : {}),
    cleartextOrigin,
    // Only a run that changed the ping server's behaviour names it (the default needs no line).
    ...(Object.keys(settings).length > 0 ? { server: { software: 'muxbench ping server', version: `node ${process.versions.node}`, settings } } : {}),
    tls: loadTlsMaterial(certs, { mtls }),
    mtls,
    pathTemplate: '/ping/{delay}',
    pathFor: (delayMs: number) => `/ping/${Math.max(0, Math.round(delayMs))}`,
    resetCounters: async () => {
      await server.request('reset');
    },
    readCounters: async () => {
      const reply = await server.request('counters');
      if (!reply.counters) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without counters.');
      return reply.counters;
    },
    // Read from outside (schedstat): the figure includes what answering the IPC costs the
    // server, a few µs per case against the case's requests.
    readLedger: async () => {
      const reply = await server.request('ledger');
      if (!reply.ledger) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without its ledger.');
      return reply.ledger;
    },
    readServerMemory: async () => {
      const reply = await server.request('memory');
      if (!reply.memory) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without its memory.');
      return reply.memory;
    },
    serverPids: async () => (server.child.process.pid !== undefined ? [server.child.process.pid] : []),
    close: async () => {
      await server.stop();
    },
  };
}
