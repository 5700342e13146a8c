/**
 * trackSocket / trackRequest on real sockets beyond track.test.ts: a plain TCP connection
 * (counted from its 'connect', not a TLS handshake), a refused dial (one error however
 * often the socket is tracked), a resumed TLS session, and a request on a socket nobody
 * tracked. Against the real ping server on loopback; the refused dial goes to a port
 * that was just closed.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCerts, type CertPaths } from '../targets/certs.js';
import { startPingServer, type PingServer } from '../targets/ping-server.js';
import { ConnectionLedger, type LedgerEvent } from './ledger.js';
import { requestIdOf } from './request-tag.js';
import { trackRequest, trackSocket } from './track.js';

let dir = '';
let certs: CertPaths;
let server: PingServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'muxbench-track-edges-'));
  certs = await ensureCerts(dir);
  server = await startPingServer({ certs });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function recorded(): { ledger: ConnectionLedger; events: LedgerEvent[] } {
  const ledger = new ConnectionLedger();
  const events: LedgerEvent[] = [];
  ledger.onEvent((e) => events.push(e));
  return { ledger, events };
}

/** A loopback port nothing listens on: one just closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as net.AddressInfo;
  s.close();
  await once(s, 'close');
  return port;
}

/** One HTTP/1.1 GET on a fresh TLS socket, offering `session`; resolves with the session ticket it got. */
async function get(ledger: ConnectionLedger, session?: Buffer): Promise<Buffer | undefined> {
  const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: readFileSync(certs.caCert), ALPNProtocols: ['http/1.1'], session });
  let ticket: Buffer | undefined;
  socket.on('session', (s: Buffer) => (ticket = s));
  trackSocket(ledger, socket, 'tls');
  await once(socket, 'secureConnect');
  const done = trackRequest(ledger, socket, '/ping/0?muxbench=1');
  socket.write('GET /ping/0?muxbench=1 HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n');
  socket.resume();
  await once(socket, 'close');
  done();
  return ticket;
}

describe('trackSocket on real sockets', () => {
  it("a TCP connection is counted from its 'connect' event, as cleartext", async () => {
    server.reset();
    const { ledger, events } = recorded();
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    const record = trackSocket(ledger, socket, 'tcp');
    await once(socket, 'connect');
    socket.destroy();
    await once(socket, 'close');
    expect(record.connectedAt).toBeTypeOf('number');
    expect(ledger.summary()).toMatchObject({ opened: 1, tlsFull: 0, tlsResumed: 0, alpn: { cleartext: 1 } });
    expect(events.map((e) => e.type)).toEqual(['connect-start', 'connect-done', 'closed']);
  });

  it('a refused dial is one connect error, even when the socket is tracked twice', async () => {
    const { ledger, events } = recorded();
    const socket = tls.connect({ host: '127.0.0.1', port: await closedPort() });
    const record = trackSocket(ledger, socket, 'tls');
    expect(trackSocket(ledger, socket, 'tls')).toBe(record);
    // events.once would reject on the 'error' event; the ledger's listener is what counts it.
    await new Promise((resolve) => socket.on('error', () => {}).on('close', resolve));
    expect(record.tls).toBe('failed');
    expect(events.filter((e) => e.type === 'connect-error').map((e) => e.type === 'connect-error' && e.code)).toEqual(['ECONNREFUSED']);
    expect(ledger.summary().opened).toBe(0);
  });

  it('a TLS session offered again is counted as resumed, as the server counts it', async () => {
    server.reset();
    const { ledger } = recorded();
    const ticket = await get(ledger);
    expect(ticket, 'the server sent a session ticket').toBeInstanceOf(Buffer);
    await get(ledger, ticket);
    expect(ledger.connections.map((c) => c.tls)).toEqual(['full', 'resumed']);
    expect(server.counters()).toMatchObject({ accepted: 2, tlsFull: 1, tlsResumed: 1 });
  });
});

describe('trackRequest', () => {
  it('refuses a socket nobody tracked, saying what to call first', () => {
    expect(() => trackRequest(new ConnectionLedger(), {}, '/ping/0')).toThrow('trackRequest: the socket is not tracked; call trackSocket first');
  });
});

describe('requestIdOf', () => {
  it('reads only strings: an array holding a tagged path is not one', () => {
    expect(requestIdOf(['/ping/0?muxbench=3'])).toBeUndefined();
    expect(requestIdOf({ toString: () => '/ping/0?muxbench=3' })).toBeUndefined();
  });
});
