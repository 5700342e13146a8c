/**
 * `--rtt` / `--rtt-jitter` / `--bandwidth`: put the relay (relay.ts, in its own process) in front of a
 * target muxbench started. Every client kind reads the target's origin (built-in and
 * file strategies, h2load, --client-cmd), so pointing the origin at the relay sends all
 * of them through it. The host name stays 127.0.0.1, so the server certificate still
 * matches; the server's own counters keep counting, and the relay keeps its own.
 */
import { fileURLToPath } from 'node:url';
import { childEntry } from '../../child-entry.js';
import { startIpcChild } from '../../process/ipc-child.js';
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
  const relay = await startIpcChild<Extract<RelayMessage, { type: 'listening' }>, Extract<RelayMessage, { type: 'reply' }>, RelayParentMessage['type']>({
    name: 'The --rtt relay',
    entry: RELAY_ENTRY,
    args,
    cwd: PROJECT_ROOT,
    startTimeoutMs: START_TIMEOUT_MS,
    requestTimeoutMs: IPC_TIMEOUT_MS,
    graceMs: 2_000,
    outputChars: 4_000,
    codes: { start: 'MUXBENCH_RELAY_START', exited: 'MUXBENCH_RELAY_EXITED', timeout: 'MUXBENCH_RELAY_EXITED' },
  });
  const counts = async (type: RelayParentMessage['type']): Promise<RelayCounts> => (await relay.request(type)).counts;
  const origin = new URL(target.origin.href);
  origin.port = String(relay.listening.port);
  return {
    ...target,
    origin,
    network: options,
    resetCounters: async () => {
      await target.resetCounters();
      await counts('reset');
    },
    readRelay: () => counts('counts'),
    close: async () => {
      await relay.stop();
      await target.close();
    },
  };
}
