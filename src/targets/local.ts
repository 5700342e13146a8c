/**
 * The local target: the ping server in its own child process (so server work never
 * runs on the client's event loop), reachable at https://127.0.0.1:<port>, with its
 * counters read over IPC.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEntry } from '../child-entry.js';
import { RunError } from '../errors.js';
import { spawnChild, type Child } from '../process/child.js';
import { ensureCerts, loadTlsMaterial } from './certs.js';
import { checkPingServerOptions } from './ping-server.js';
import { behaviourSettings } from './server-options.js';
import type { ParentMessage, ServerMessage, ServerProcessArgs } from './server-process.js';
import type { PingServerOptions, Target } from './types.js';
import { definedOnly } from '../defined.js';

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
  const server = spawnChild({
    kind: 'node',
    file: SERVER_ENTRY.file,
    args: [JSON.stringify(args)],
    execArgv: SERVER_ENTRY.execArgv,
    cwd: PROJECT_ROOT,
    stdout: 'keep',
    outputChars: TAIL_CHARS,
    graceMs: KILL_GRACE_MS,
  });
  const child = server.process;
  const output = new OutputTail(server);
  const ipc = new IpcClient(child, output);

  let ports: Listening;
  try {
    ports = await waitForListening(child, output);
  } catch (error) {
    await server.stop();
    throw error;
  }

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
      await ipc.request('reset');
    },
    readCounters: async () => {
      const reply = await ipc.request('counters');
      if (!reply.counters) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without counters.');
      return reply.counters;
    },
    // Read from outside (schedstat): the figure includes what answering the IPC costs the
    // server, a few µs per case against the case's requests.
    readLedger: async () => {
      const reply = await ipc.request('ledger');
      if (!reply.ledger) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without its ledger.');
      return reply.ledger;
    },
    readServerMemory: async () => {
      const reply = await ipc.request('memory');
      if (!reply.memory) throw new RunError('MUXBENCH_SERVER_IPC', 'The local ping server replied without its memory.');
      return reply.memory;
    },
    serverPids: async () => (child.pid !== undefined ? [child.pid] : []),
    close: async () => {
      await server.stop();
    },
  };
}

type Listening = { port: number; cleartextPort?: number; originPorts?: number[] };

function waitForListening(child: ChildProcess, output: OutputTail): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const fail = (message: string, cause?: unknown): void => {
      cleanup();
      const tail = output.text();
      reject(new RunError('MUXBENCH_SERVER_START', tail ? `${message}\n--- server output ---\n${tail}` : message, { cause }));
    };
    const onMessage = (message: ServerMessage): void => {
      if (message.type === 'listening') {
        cleanup();
        resolve({ port: message.port, ...definedOnly({ cleartextPort: message.cleartextPort, originPorts: message.originPorts }) });
      } else if (message.type === 'error') {
        fail(`The local ping server could not start: ${message.message}`);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`The local ping server exited before listening (${signal ?? `code ${String(code)}`}).`);
    const onError = (error: Error): void => fail(`The local ping server could not be spawned: ${error.message}`, error);
    const timer = setTimeout(() => fail(`The local ping server did not start within ${START_TIMEOUT_MS / 1000} s.`), START_TIMEOUT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

/** Request/response over the IPC channel, matched by id, each with a timeout. */
class IpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(m: Extract<ServerMessage, { type: 'reply' }>): void; reject(e: Error): void }>();

  constructor(private readonly child: ChildProcess, private readonly output: OutputTail) {
    child.on('message', (message: ServerMessage) => {
      if (message.type !== 'reply') return;
      this.pending.get(message.id)?.resolve(message);
    });
    child.once('exit', (code, signal) => {
      const tail = this.output.text();
      const error = new RunError('MUXBENCH_SERVER_EXITED',
        `The local ping server exited (${signal ?? `code ${String(code)}`}).${tail ? `\n--- server output ---\n${tail}` : ''}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  request(type: ParentMessage['type']): Promise<Extract<ServerMessage, { type: 'reply' }>> {
    if (!this.child.connected) {
      return Promise.reject(new RunError('MUXBENCH_SERVER_EXITED', 'The local ping server is not running (was the target closed?).'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RunError('MUXBENCH_SERVER_IPC', `The local ping server did not answer '${type}' within ${IPC_TIMEOUT_MS / 1000} s.`));
      }, IPC_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(e);
        },
      });
      const message: ParentMessage = { type, id };
      this.child.send(message, (error) => {
        if (error) this.pending.get(id)?.reject(new RunError('MUXBENCH_SERVER_IPC', `Could not reach the local ping server: ${error.message}`, { cause: error }));
      });
    });
  }
}

/** The last few KB of the server's output, for error messages. */
class OutputTail {
  constructor(private readonly server: Child) {}
  text(): string {
    return `${this.server.stdout()}${this.server.stderr()}`.trim();
  }
}
