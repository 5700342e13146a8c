/**
 * One request before any load, so that a wrong URL, a server that is down, or a TLS or
 * certificate problem is one clear line (exit 1) instead of a table full of errors.
 * For http:// origins it also finds out whether the server speaks HTTP/1.1 at all or
 * only h2c with prior knowledge (nginx 1.22's cleartext `listen … http2`).
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { RunError, type ErrorCode, errorCode } from '../errors.js';
import { tlsOptions } from './tls-options.js';
import type { TlsMaterial } from './types.js';

export interface PreflightResult {
  status: number;
  /** The origin is cleartext and answered h2c but not HTTP/1.1. */
  h2cOnly: boolean;
}

interface Answer {
  status: number;
  body: string;
}

const BODY_CHARS = 200;

export async function preflight(origin: URL, tls: TlsMaterial, path: string, timeoutMs = 10_000): Promise<PreflightResult> {
  const url = new URL(path, origin);
  let answer: Answer;
  let h2cOnly = false;
  try {
    if (origin.protocol === 'https:') {
      answer = await h1Get(url, tls, timeoutMs);
    } else {
      try {
        answer = await h1Get(url, tls, timeoutMs);
      } catch (h1Error) {
        // Only a protocol-level failure says "this port does not speak HTTP/1.1".
        if (!isHttpParseFailure(h1Error)) throw h1Error;
        answer = await h2cGet(url, timeoutMs);
        h2cOnly = true;
      }
    }
  } catch (error) {
    throw new RunError('MUXBENCH_PREFLIGHT', `cannot reach ${origin.origin}: ${explain(error, origin, tls)}`, { cause: error });
  }
  if (answer.status === 400 && /No required SSL certificate was sent/i.test(answer.body)) {
    throw new RunError('MUXBENCH_PREFLIGHT', `${origin.origin} requires a client certificate and none was sent: ${CERT_HINT}`);
  }
  if (answer.status < 200 || answer.status > 299) {
    throw new RunError('MUXBENCH_PREFLIGHT', `GET ${url.href} answered HTTP ${answer.status}: check --path (it must answer 2xx; {delay} is replaced by the delay in ms)`);
  }
  return { status: answer.status, h2cOnly };
}

const CERT_HINT = 'pass --cert FILE --key FILE (or --mtls for the local and nginx targets)';

/** One line: what went wrong and what to do, keyed by the error code Node gives. */
export function explain(error: unknown, origin: URL, tls: TlsMaterial): string {
  const code = errorCode(error);
  const host = `${origin.hostname}:${origin.port || (origin.protocol === 'https:' ? 443 : 80)}`;
  const name = tls.servername ?? origin.hostname;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${host} (ECONNREFUSED): is the server running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host '${origin.hostname}' not found (${code}): check the host name in the URL`;
    case 'ETIMEDOUT':
    case 'MUXBENCH_PREFLIGHT_TIMEOUT':
      return `no answer from ${host} (${code}): is the host reachable and the port right?`;
    case 'ECONNRESET':
      return `the connection was reset (ECONNRESET): the server may require a client certificate (${CERT_HINT}) or not speak ${origin.protocol === 'https:' ? 'TLS' : 'HTTP'} on this port`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_UNTRUSTED':
      return `the server's certificate is not trusted (${code}): pass the CA that signed it with --ca FILE`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's certificate is not valid for '${name}' (${code}): use the host name it was issued for, or --servername NAME`;
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return `the server's certificate is outside its validity period (${code})`;
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      return tls.cert === undefined
        ? `the server requires a client certificate (${code}): ${CERT_HINT}`
        : `the TLS handshake failed (${code}): the server may not accept this client certificate`;
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return `the server rejected the client certificate (${code}): use one signed by a CA the server trusts`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return `the server does not speak TLS on ${host} (${code}): for a cleartext (h2c) server use an http:// URL`;
    default: {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return `${message} (${code})`;
    }
  }
}

function isHttpParseFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code.startsWith('HPE_') || code === 'ECONNRESET';
}

function h1Get(url: URL, tls: TlsMaterial, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { agent: false as const, timeout: timeoutMs, headers: { connection: 'close' } };
    const onResponse = (res: http.IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, BODY_CHARS)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    };
    const req =
      url.protocol === 'https:' ? https.get(url, { ...options, ...tlsOptions(tls) }, onResponse) : http.get(url, options, onResponse);
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'MUXBENCH_PREFLIGHT_TIMEOUT' satisfies ErrorCode })));
    req.on('error', reject);
  });
}

function h2cGet(url: URL, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url.origin);
    const timer = setTimeout(() => session.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'MUXBENCH_PREFLIGHT_TIMEOUT' satisfies ErrorCode })), timeoutMs);
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      session.destroy();
      reject(error);
    };
    session.on('error', fail);
    const stream = session.request({ ':path': `${url.pathname}${url.search}` });
    let status = 0;
    let body = '';
    stream.setEncoding('utf8');
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: string) => (body = (body + chunk).slice(0, BODY_CHARS)));
    stream.on('error', fail);
    stream.on('end', () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, body });
    });
  });
}
