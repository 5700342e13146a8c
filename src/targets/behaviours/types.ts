/**
 * A server behaviour (`--server-*`): a fault a real server or proxy produces, injected into
 * the ping server so each client's handling of it can be measured. One file per behaviour,
 * one registry (registry.ts); the options and their validation are server-options.ts.
 */
import type http2 from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerTally } from '../server-tally.js';
import type { PingServerOptions } from '../types.js';

export type AnyResponse = http2.Http2ServerResponse | ServerResponse;
export type AnyRequest = http2.Http2ServerRequest | IncomingMessage;

/** What a behaviour may read and act on: the options, the tally, and the server's timers (cleared at close). */
export interface BehaviourContext {
  opts: PingServerOptions;
  tally: ServerTally;
  timers: Set<NodeJS.Timeout>;
}

/** A request as the behaviours see it when it arrives. */
export interface ArrivingRequest {
  /** The connection: the h2 session, or the h1 socket. */
  conn: object;
  /** HTTP/2 only. */
  session: http2.Http2Session | undefined;
  /** Requests this connection has carried, this one included. */
  onConn: number;
  /** Requests the server has received, this one included. */
  serial: number;
  /** The connection's raw TCP socket, looked up when called (an h2 session's socket is a proxy that cannot be destroyed). */
  rawSocket(): Socket | undefined;
}

export interface BehaviourHooks {
  /**
   * A request arrived. It may return how to send this request's 200 instead of the plain
   * reply (at most one behaviour does).
   */
  request?(request: ArrivingRequest): ((res: AnyResponse, body: string | Buffer) => void) | undefined;
  /** HTTP/1.1 headers for the `onConn`-th response of a connection. */
  h1Headers?(onConn: number): Record<string, string>;
  /** The connection has no request in flight any more. */
  idle?(conn: object, session: http2.Http2Session | undefined, socket: Socket | undefined): void;
}

export interface Behaviour {
  /** The flag that turns it on, e.g. 'server-goaway-after'. */
  flag: string;
  enabled(opts: PingServerOptions): boolean;
  /** Its hooks for one server. */
  start(ctx: BehaviourContext): BehaviourHooks;
}
