/**
 * Telling the ledger about a socket by hand: what the tap does for node:net / node:tls
 * sockets, exported for libraries the tap cannot see (a native client, a socket made by
 * other means). A user strategy calls `trackSocket(ctx.ledger, socket, 'tls')` when its
 * library creates a connection, and `trackRequest(ctx.ledger, socket, path)` when it puts
 * a request on one. Sockets the tap already knows are counted once (track is idempotent).
 */
import { errorCode } from '../errors.js';
import type { ConnectionLedger, ConnectionRecord } from './ledger.js';
import { requestIdOf } from './request-tag.js';

/** The socket events the ledger needs: any net.Socket / tls.TLSSocket has them. */
export interface TrackableSocket {
  once(event: 'connect' | 'secureConnect' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  isSessionReused?(): boolean;
  alpnProtocol?: string | false | null;
}

export function watchSocket(ledger: ConnectionLedger, socket: TrackableSocket, record: ConnectionRecord, isTls: boolean): void {
  if (isTls) {
    socket.once('secureConnect', () => {
      ledger.secured(record, socket.isSessionReused?.() ?? false, socket.alpnProtocol);
    });
  }
  // For tls.connect the TCP 'connect' event fires on the TLS socket itself.
  socket.once('connect', () => ledger.connected(record));
  socket.once('error', (error) => ledger.failed(record, errorCode(error)));
  socket.once('close', () => ledger.closed(record));
}

/** Count a new connection from the moment it is created; returns its ledger record. */
export function trackSocket(ledger: ConnectionLedger, socket: TrackableSocket, transport: 'tls' | 'tcp'): ConnectionRecord {
  const known = ledger.recordOf(socket);
  if (known) return known;
  const record = ledger.track(socket, transport);
  watchSocket(ledger, socket, record, transport === 'tls');
  return record;
}

/**
 * Count a request put on a tracked socket. `path` is the path the strategy's ping was
 * given (it carries the request id). Call the returned function when the response is
 * complete; call `ledger.firstByte` yourself for a phase breakdown with time to first byte.
 */
export function trackRequest(ledger: ConnectionLedger, socket: object, path: string): () => void {
  const record = ledger.recordOf(socket);
  if (!record) throw new Error('trackRequest: the socket is not tracked; call trackSocket first');
  const id = requestIdOf(path);
  const done = ledger.streamOpened(record, id);
  ledger.wroteHeaders(id);
  return done;
}
