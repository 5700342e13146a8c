/** One GET (or a POST of a body) as an HTTP/2 stream on a node:http2 session; shared by the two node:http2 strategies. */
import http2, { type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { checkStatus } from './types.js';

/**
 * Streams waiting on each abort signal. A round shares one signal among its requests;
 * passing `signal` to session.request() costs an AsyncResource.bind per stream in Node 20
 * (measured: ~6% of CPU at 10k req/s), so one 'abort' listener per signal closes them all.
 * The last signal's set is kept at hand: every request of a round or an epoch uses the same one.
 */
const streamsBySignal = new WeakMap<AbortSignal, Set<ClientHttp2Stream>>();
let lastSignal: AbortSignal | undefined;
let lastSet: Set<ClientHttp2Stream> | undefined;

function streamsOf(signal: AbortSignal): Set<ClientHttp2Stream> {
  if (signal === lastSignal && lastSet !== undefined) return lastSet;
  let streams = streamsBySignal.get(signal);
  if (!streams) {
    const set = new Set<ClientHttp2Stream>();
    streams = set;
    streamsBySignal.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        // A stream still pending (its session has not connected: a TLS handshake that
        // stalls) defers close() until the session is ready, which may be never: destroy it.
        for (const s of set) {
          if (s.pending) s.destroy();
          else s.close(http2.constants.NGHTTP2_CANCEL);
        }
        set.clear();
      },
      { once: true },
    );
  }
  lastSignal = signal;
  lastSet = streams;
  return streams;
}

export function http2Get(session: ClientHttp2Session, path: string, signal: AbortSignal, body?: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let stream: ClientHttp2Stream;
    try {
      stream =
        body === undefined
          ? session.request({ ':method': 'GET', ':path': path }, { endStream: true })
          : session.request({ ':method': 'POST', ':path': path, 'content-length': body.length }, { endStream: false });
    } catch (error) {
      reject(error);
      return;
    }
    if (body !== undefined) stream.end(body);
    const waiting = streamsOf(signal);
    waiting.add(stream);
    let failure: unknown;
    let ended = false;
    let responded = false;
    // `on`, not `once`: 'response', 'end' and 'close' fire at most once on a stream, and
    // a once listener costs a wrapper and a removeListener per event (see ledger/tap.ts).
    // 'error' may fire more than once; every one is handled, the first one kept.
    stream.on('response', (headers) => {
      responded = true;
      try {
        checkStatus(Number(headers[':status']));
      } catch (error) {
        failure = error;
      }
    });
    stream.on('error', (error) => {
      failure ??= error;
    });
    stream.resume();
    // The response is complete at 'end' (last DATA frame read): resolve there, as a
    // client would, rather than a tick later at 'close'. But a stream whose connection
    // died also emits 'end' (then 'close' with rstCode 8) without any response: that is
    // a failure, decided at 'close'.
    stream.on('end', () => {
      // Destroyed at 'end': the connection died, maybe mid-body (measured with
      // --server-reset-every: rstCode 8 with 10 of 100 bytes read, counted as a success
      // before); 'close' decides by the rstCode.
      if (!responded || stream.destroyed) return;
      ended = true;
      if (failure !== undefined) reject(failure);
      else resolve();
    });
    stream.on('close', () => {
      waiting.delete(stream);
      if (ended) return;
      if (responded && failure === undefined && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) {
        resolve();
        return;
      }
      if (signal.aborted) failure ??= signal.reason;
      failure ??= Object.assign(new Error(`stream closed before the response ended (code ${stream.rstCode})`), {
        code: 'ERR_HTTP2_STREAM_ERROR',
      });
      reject(failure);
    });
  });
}
