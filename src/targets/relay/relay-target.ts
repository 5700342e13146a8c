/**
 * `--rtt` / `--rtt-jitter` / `--bandwidth`: put the relay (relay.ts, in its own process) in front of a
 * target muxbench started. Every client kind reads the target's origin (built-in and
 * file strategies, h2load, --client-cmd), so pointing the origin at the relay sends all
 * of them through it. The host name stays 127.0.0.1, so the server certificate still
 * matches; the server's own counters keep counting, and the relay keeps its own.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEntry } from '../../child-entry.js';
import { RunError } from '../../errors.js';
import { spawnChild, type Child } from '../../process/child.js';
import type { Target } from '../types.js';
import type { RelayCounts, RelayOptions } from './relay.js';
import type { RelayMessage, RelayParentMessage, RelayProcessArgs } from './relay-process.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RELAY_ENTRY = childEntry(import.meta.url, './relay-process');
const START_TIMEOUT_MS = 15_000;
const IPC_TIMEOUT_MS = 5_000;

/** The target with its origin moved to the relay; closing it stops the relay, then the target. */
export async function withRelay(target: Target, options: RelayOptions): Promise<Target> {
  const upstreamPort = Number(target.origin.port);
  const args: RelayProcessArgs = { ...options, upstreamHost: target.origin.hostname, upstreamPort };
  const child = spawnChild({
    kind: 'node',
    file: RELAY_ENTRY.file,
    args: [JSON.stringify(args)],
    execArgv: RELAY_ENTRY.execArgv,
    cwd: PROJECT_ROOT,
    stdout: 'keep',
    outputChars: 4_000,
    graceMs: 2_000,
  });
  let port: number;
  try {
    port = await waitListening(child);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const ipc = relayIpc(child.process);
  const origin = new URL(target.origin.href);
  origin.port = String(port);
  return {
    ...target,
    origin,
    network: options,
    resetCounters: async () => {
      await target.resetCounters();
      await ipc('reset');
    },
    readRelay: () => ipc('counts'),
    close: async () => {
      await child.stop();
      await target.close();
    },
  };
}

function waitListening(child: Child): Promise<number> {
  const proc = child.process;
  return new Promise((resolve, reject) => {
    const fail = (message: string): void => {
      cleanup();
      const tail = `${child.stdout()}${child.stderr()}`.trim();
      reject(new RunError('MUXBENCH_RELAY_START', tail ? `${message}\n--- relay output ---\n${tail}` : message));
    };
    const onMessage = (message: RelayMessage): void => {
      if (message.type === 'listening') {
        cleanup();
        resolve(message.port);
      } else if (message.type === 'error') fail(`The --rtt relay could not start: ${message.message}`);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`The --rtt relay exited before listening (${signal ?? `code ${String(code)}`}).`);
    const timer = setTimeout(() => fail(`The --rtt relay did not start within ${START_TIMEOUT_MS / 1000} s.`), START_TIMEOUT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

/** One request at a time is all the runner makes; each is matched by id and bounded in time. */
function relayIpc(proc: ChildProcess): (type: RelayParentMessage['type']) => Promise<RelayCounts> {
  let nextId = 1;
  return (type) => {
    if (!proc.connected) return Promise.reject(new RunError('MUXBENCH_RELAY_EXITED', 'The --rtt relay is not running (was the target closed?).'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
      };
      const onMessage = (message: RelayMessage): void => {
        if (message.type !== 'reply' || message.id !== id) return;
        done();
        resolve(message.counts);
      };
      const onExit = (): void => {
        done();
        reject(new RunError('MUXBENCH_RELAY_EXITED', 'The --rtt relay exited during the run.'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new RunError('MUXBENCH_RELAY_EXITED', `The --rtt relay did not answer '${type}' within ${IPC_TIMEOUT_MS / 1000} s.`));
      }, IPC_TIMEOUT_MS);
      proc.on('message', onMessage);
      proc.on('exit', onExit);
      const message: RelayParentMessage = { type, id };
      proc.send(message);
    });
  };
}
