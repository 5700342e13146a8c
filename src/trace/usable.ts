/**
 * When a request "got" its connection in httptrace's sense: Go calls GotConn once the
 * connection is usable (dialled and, for TLS, handshaken). The ledger sees a request land
 * on a connection earlier for some libraries (node:https assigns the socket before it has
 * connected; an h2 stream can be queued on a session still in its handshake), so the
 * event time is the later of the two.
 */
import type { ConnectionTrace, RequestTrace } from './collector.js';

export function gotConnTime(r: RequestTrace, conn: ConnectionTrace): number | undefined {
  if (r.gotConnAt === undefined) return undefined;
  const ready = conn.secureAt ?? conn.connectedAt;
  return ready === undefined ? r.gotConnAt : Math.max(r.gotConnAt, ready);
}
