/**
 * The ping server's gRPC route: one unary method, `/muxbench.Ping/Ping`, that answers
 * like `GET /ping/<delay>` does. gRPC's :path names the method, so the ping's own path
 * (which carries the delay) travels in the `muxbench-ping` metadata; the request tag that
 * ties a stream to its request stays on the :path's query, where the client tap reads it
 * (and strips it before it goes on the wire). No protobuf: the request and response
 * messages are opaque bytes in gRPC's length-prefixed framing (a 1-byte compressed flag,
 * a 4-byte big-endian length, the message), which is all the protocol needs from us.
 */

/** The unary method every gRPC ping calls. */
export const GRPC_PING_METHOD = '/muxbench.Ping/Ping';
/** Metadata key carrying the ping path (`/ping/<delay>`): the route reads its delay there. */
export const GRPC_PING_HEADER = 'muxbench-ping';
/** grpc-status codes the route answers with. */
export const GRPC_OK = 0;
export const GRPC_INVALID_ARGUMENT = 3;

export function isGrpcPath(url: string): boolean {
  return url === GRPC_PING_METHOD || url.startsWith(`${GRPC_PING_METHOD}?`);
}

/** The compressed flag and the length in front of every message. */
export const GRPC_FRAME_HEADER_BYTES = 5;

/** One gRPC message frame: flag 0 (not compressed), length, message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(GRPC_FRAME_HEADER_BYTES + message.length);
  frame.writeUInt8(0, 0);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, GRPC_FRAME_HEADER_BYTES);
  return frame;
}
