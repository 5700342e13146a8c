/**
 * The public counting helpers, for libraries the tap cannot see: a raw TLS socket and a
 * hand-written HTTP/1.1 request, counted only through trackSocket / trackRequest, against
 * the real ping server's own counts.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCerts, type CertPaths } from '../targets/certs.js';
import { startPingServer, type PingServer } from '../targets/ping-server.js';
import { ConnectionLedger, type LedgerEvent } from './ledger.js';
import { tagPath } from './request-tag.js';
import { installTap } from './tap.js';
import { trackRequest, trackSocket } from './track.js';
import { readFileSync } from 'node:fs';

let dir = '';
let certs: CertPaths;
let server: PingServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'muxbench-track-'));
  certs = await ensureCerts(dir);
  server = await startPingServer({ certs });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** One HTTP/1.1 GET written by hand on a fresh TLS socket; resolves with the status line. */
async function rawGet(ledger: ConnectionLedger, requestPath: string): Promise<string> {
  const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: readFileSync(certs.caCert), ALPNProtocols: ['http/1.1'] });
  trackSocket(ledger, socket, 'tls');
  await once(socket, 'secureConnect');
  const done = trackRequest(ledger, socket, requestPath);
  socket.write(`GET ${requestPath} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n`);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await once(socket, 'close');
  done();
  return text.split('\r\n')[0] ?? '';
}

describe('trackSocket / trackRequest', () => {
  it('count a connection and a request the tap did not see', async () => {
    server.reset();
    const ledger = new ConnectionLedger();
    const events: LedgerEvent['type'][] = [];
    ledger.onEvent((e) => events.push(e.type));
    expect(await rawGet(ledger, tagPath('/ping/0', 7))).toBe('HTTP/1.1 200 OK');
    const summary = ledger.summary();
    expect(summary.opened).toBe(server.counters().accepted);
    expect(summary.opened).toBe(1);
    expect(summary.tlsFull).toBe(server.counters().tlsFull);
    expect(summary.alpn).toEqual({ 'http/1.1': 1 });
    expect(summary.requestsPerConnection).toEqual([1]);
    expect(events).toEqual(['connect-start', 'connect-done', 'tls-done', 'stream-open', 'wrote-headers', 'closed', 'stream-close']);
  });

  it('count a socket the tap already tracks once', async () => {
    server.reset();
    const ledger = new ConnectionLedger();
    const tap = installTap(ledger);
    try {
      await rawGet(ledger, '/ping/0');
    } finally {
      tap.uninstall();
    }
    expect(ledger.summary().opened).toBe(1);
    expect(server.counters().accepted).toBe(1);
  });
});
