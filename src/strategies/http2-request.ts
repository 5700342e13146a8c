/** One GET as an HTTP/2 stream on a node:http2 session; shared by the two node:http2 strategies. */
import type { ClientHttp2Session } from 'node:http2';
import { checkStatus } from './types.js';

export function http2Get(session: ClientHttp2Session, path: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stream;
    try {
      stream = session.request({ ':method': 'GET', ':path': path }, { signal, endStream: true });
    } catch (error) {
      reject(error);
      return;
    }
    let failure: unknown;
    let ended = false;
    let responded = false;
    stream.once('response', (headers) => {
      responded = true;
      try {
        checkStatus(Number(headers[':status']));
      } catch (error) {
        failure = error;
      }
    });
    stream.once('error', (error) => {
      failure ??= error;
    });
    stream.resume();
    // The response is complete at 'end' (last DATA frame read): resolve there, as a
    // client would, rather than a tick later at 'close'. But a stream whose connection
    // died also emits 'end' (then 'close' with rstCode 8) without any response: that is
    // a failure, decided at 'close'.
    stream.once('end', () => {
      if (!responded) return;
      ended = true;
      if (failure !== undefined) reject(failure);
      else resolve();
    });
    stream.once('close', () => {
      if (ended) return;
      failure ??= Object.assign(new Error(`stream closed before the response ended (code ${stream.rstCode})`), {
        code: 'ERR_HTTP2_STREAM_ERROR',
      });
      reject(failure);
    });
  });
}
