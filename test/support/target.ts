/**
 * Small real clients for the target tests (no mocks): one h2 session with access to its
 * raw TLS socket, and plain HTTP/1.1 requests. Not used outside tests.
 */
import https from 'node:https';
import http2 from 'node:http2';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface Reply {
  status: number;
  body: string;
  contentType: string | undefined;
}

const madeDirs: string[] = [];

export function tempDir(prefix = 'muxbench-target-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** For afterAll: removes every directory tempDir() made in this test file. */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * http2.connect with our own TLS socket, so a test can read the ticket ('session'
 * event) and isSessionReused() without going through the session's socket proxy.
 */
export function connectH2(origin: URL, tlsOptions: tls.ConnectionOptions): { session: http2.ClientHttp2Session; socket: tls.TLSSocket } {
  const socket = tls.connect({
    host: origin.hostname,
    port: Number(origin.port),
    ALPNProtocols: ['h2'],
    ...tlsOptions,
  });
  const session = http2.connect(origin, { createConnection: () => socket });
  session.on('error', () => {}); // failures surface on the streams
  return { session, socket };
}

export function h2get(session: http2.ClientHttp2Session, urlPath: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': urlPath });
    let status = 0;
    let contentType: string | undefined;
    let body = '';
    stream.setEncoding('utf8');
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
      const ct = headers['content-type'];
      contentType = typeof ct === 'string' ? ct : undefined;
    });
    stream.on('data', (chunk: string) => (body += chunk));
    stream.resume();
    // A stream whose connection dies emits 'end' and 'close' with rstCode 8 (CANCEL)
    // but no 'error': judge success on 'close', by the response and the rstCode.
    stream.on('close', () => {
      if (status !== 0 && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR) resolve({ status, body, contentType });
      else reject(Object.assign(new Error(`h2 stream closed without a complete response (rstCode ${String(stream.rstCode)})`), { code: 'NO_RESPONSE' }));
    });
    stream.on('error', reject);
    stream.end();
  });
}

/** One HTTP/1.1 request on a fresh connection (agent: false); https sends no ALPN. */
export function h1get(origin: URL, urlPath: string, tlsOptions: https.RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: origin.hostname, port: Number(origin.port), path: urlPath, agent: false, ...tlsOptions },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, contentType: res.headers['content-type'] }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function closeSession(session: http2.ClientHttp2Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.closed || session.destroyed) return resolve();
    session.close(() => resolve());
  });
}
