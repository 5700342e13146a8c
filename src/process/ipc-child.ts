/**
 * A Node child of muxbench's that serves requests over its IPC channel: the local ping
 * server (targets/server-process.ts) and the --rtt relay (targets/relay/relay-process.ts).
 * One protocol for both:
 *
 * - the child sends `{ type: 'listening', … }` once it serves, or `{ type: 'error', message }`
 *   and exits; the start is bounded in time;
 * - the parent sends `{ type, id }` and gets `{ type: 'reply', id, … }`, matched by id and
 *   bounded in time; the child's exit fails every request still waiting.
 *
 * The child exits by itself when the channel closes (process/parent-watch.ts), muxbench's
 * death included; spawnChild (child.ts) bounds and kills it otherwise.
 */
import type { ChildProcess } from 'node:child_process';
import { RunError, type ErrorCode } from '../errors.js';
import { spawnChild, type Child } from './child.js';

export type ChildListening = { type: 'listening' };
export type ChildReply = { type: 'reply'; id: number };
type ChildMessage<L, R> = L | R | { type: 'error'; message: string };

export interface IpcChildOptions {
  /** How errors name the child, e.g. "The local ping server". */
  name: string;
  /** The child's entry (child-entry.ts) and its one JSON argument. */
  entry: { file: string; execArgv: string[] };
  args: unknown;
  cwd: string;
  /** Bounds: start, each request, the kill grace, the output kept for error messages. */
  startTimeoutMs: number;
  requestTimeoutMs: number;
  graceMs: number;
  outputChars: number;
  /** Stable error codes (errors.ts): could not start; exited or gone; did not answer in time. */
  codes: { start: ErrorCode; exited: ErrorCode; timeout: ErrorCode };
}

export interface IpcChild<L extends ChildListening, R extends ChildReply, Q extends string> {
  child: Child;
  /** What the child said when it started serving. */
  listening: L;
  /** One request of `type`; resolves with the child's reply to it. */
  request(type: Q): Promise<R>;
  stop(): Promise<void>;
}

/** L: the child's listening message; R: its reply; Q: the request types it answers. */
export async function startIpcChild<L extends ChildListening, R extends ChildReply, Q extends string>(opts: IpcChildOptions): Promise<IpcChild<L, R, Q>> {
  const child = spawnChild({
    kind: 'node',
    file: opts.entry.file,
    args: [JSON.stringify(opts.args)],
    execArgv: opts.entry.execArgv,
    cwd: opts.cwd,
    stdout: 'keep',
    outputChars: opts.outputChars,
    graceMs: opts.graceMs,
  });
  const output = (): string => `${child.stdout()}${child.stderr()}`.trim();
  const withOutput = (message: string): string => {
    const tail = output();
    return tail ? `${message}\n--- output of ${opts.name.replace(/^The /, 'the ')} ---\n${tail}` : message;
  };
  const requester = new Requester<R>(child.process, opts, withOutput);
  let listening: L;
  try {
    listening = await waitListening<L, R>(child.process, opts, withOutput);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    child,
    listening,
    request: (type) => requester.request(type),
    stop: async () => {
      await child.stop();
    },
  };
}

function waitListening<L extends ChildListening, R extends ChildReply>(proc: ChildProcess, opts: IpcChildOptions, withOutput: (m: string) => string): Promise<L> {
  return new Promise((resolve, reject) => {
    const fail = (message: string, cause?: unknown): void => {
      cleanup();
      reject(new RunError(opts.codes.start, withOutput(message), { cause }));
    };
    const onMessage = (message: ChildMessage<L, R>): void => {
      if (message.type === 'listening') {
        cleanup();
        resolve(message as L);
      } else if (message.type === 'error') fail(`${opts.name} could not start: ${(message as { message: string }).message}`);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`${opts.name} exited before listening (${signal ?? `code ${String(code)}`}).`);
    const onError = (error: Error): void => fail(`${opts.name} could not be spawned: ${error.message}`, error);
    const timer = setTimeout(() => fail(`${opts.name} did not start within ${opts.startTimeoutMs / 1000} s.`), opts.startTimeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      proc.off('error', onError);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
    proc.on('error', onError);
  });
}

/** Request/response over the IPC channel, matched by id, each with a timeout. */
class Requester<R extends ChildReply> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(m: R): void; reject(e: Error): void }>();

  constructor(
    private readonly proc: ChildProcess,
    private readonly opts: IpcChildOptions,
    withOutput: (m: string) => string,
  ) {
    proc.on('message', (message: { type?: unknown; id?: unknown }) => {
      if (message.type !== 'reply' || typeof message.id !== 'number') return;
      this.pending.get(message.id)?.resolve(message as R);
    });
    proc.once('exit', (code, signal) => {
      const error = new RunError(opts.codes.exited, withOutput(`${opts.name} exited (${signal ?? `code ${String(code)}`}).`));
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  request(type: string): Promise<R> {
    const { name, codes, requestTimeoutMs } = this.opts;
    if (!this.proc.connected) return Promise.reject(new RunError(codes.exited, `${name} is not running (was the target closed?).`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.pending.delete(id);
      };
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RunError(codes.timeout, `${name} did not answer '${type}' within ${requestTimeoutMs / 1000} s.`));
      }, requestTimeoutMs);
      this.pending.set(id, {
        resolve: (m) => {
          settle();
          resolve(m);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      this.proc.send({ type, id }, (error) => {
        if (error) this.pending.get(id)?.reject(new RunError(codes.timeout, `Could not reach ${name.replace(/^The /, 'the ')}: ${error.message}`, { cause: error }));
      });
    });
  }
}
