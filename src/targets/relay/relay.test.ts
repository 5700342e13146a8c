/**
 * The relay on its own, over raw TCP on loopback: when the first byte passes, that a
 * round trip is a floor on every exchange, that byte order and FIN survive jitter, and
 * the relay's own count; with --bandwidth, that a transfer takes at least its bytes at the
 * link's rate, and that connections share the link. The round trip is long (150 ms) so that a relay which forgot a
 * delay falls short of the floor even on a loaded machine.
 */
import net from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from './relay.js';

const RTT = 150;

interface Upstream {
  port: number;
  /** When each connection's first byte arrived (performance.now()). */
  firstByteAt: number[];
  received: Buffer[];
  close(): Promise<void>;
}

/** An echo server that records when each connection's first byte arrived. */
async function echoServer(): Promise<Upstream> {
  const firstByteAt: number[] = [];
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', () => firstByteAt.push(performance.now()));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      socket.write(chunk);
    });
    socket.on('end', () => socket.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    firstByteAt,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function pair(rttMs: number, jitterMs = 0, bandwidthMbps?: number): Promise<{ upstream: Upstream; relay: Relay }> {
  const upstream = await echoServer();
  const relay = await startRelay({ host: '127.0.0.1', port: upstream.port }, { rttMs, jitterMs, ...(bandwidthMbps !== undefined ? { bandwidthMbps } : {}) });
  cleanups.push(() => upstream.close(), () => relay.close());
  return { upstream, relay };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('the relay', () => {
  it('charges the TCP handshake: a first byte sent at once reaches the server ≥ 1.5 RTT after connect, its echo ≥ 2 RTT', async () => {
    const { upstream, relay } = await pair(RTT);
    const start = performance.now();
    const socket = await connect(relay.port);
    socket.write('hello');
    await once(socket, 'data');
    const echoed = performance.now();
    expect(upstream.firstByteAt[0]! - start).toBeGreaterThanOrEqual(1.5 * RTT);
    expect(echoed - start).toBeGreaterThanOrEqual(2 * RTT);
    // On the open connection, one exchange costs one round trip.
    const sent = performance.now();
    socket.write('again');
    await once(socket, 'data');
    expect(performance.now() - sent).toBeGreaterThanOrEqual(RTT);
    socket.destroy();
  });

  it('keeps byte order under jitter, and passes the FIN both ways after the data', async () => {
    const { relay } = await pair(10, 40);
    const socket = await connect(relay.port);
    const chunks = Array.from({ length: 200 }, (_, i) => `${i},`);
    let echoed = '';
    socket.on('data', (c: Buffer) => (echoed += c.toString('utf8')));
    for (const [i, chunk] of chunks.entries()) {
      socket.write(chunk);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    socket.end();
    await once(socket, 'end');
    expect(echoed).toBe(chunks.join(''));
    socket.destroy();
  }, 10_000);

  /** Sends `bytes` through the relay's echo and resolves when all came back, with the time it took and what came back. */
  async function echo(port: number, bytes: number): Promise<{ ms: number; back: Buffer; sent: Buffer }> {
    const socket = await connect(port);
    const sent = Buffer.alloc(bytes, 0);
    for (let i = 0; i < bytes; i++) sent[i] = (i * 7) % 251;
    const back: Buffer[] = [];
    let got = 0;
    const start = performance.now();
    const done = new Promise<void>((resolve) => {
      socket.on('data', (c: Buffer) => {
        back.push(c);
        got += c.length;
        if (got >= bytes) resolve();
      });
    });
    socket.write(sent);
    await done;
    const ms = performance.now() - start;
    socket.destroy();
    return { ms, back: Buffer.concat(back), sent };
  }

  // 8 Mbit/s = 1000 bytes a millisecond; without a cap loopback moves 250 KB in a few ms.
  it('--bandwidth: N bytes through a capped link take at least N × 8 / rate, and arrive intact', async () => {
    const { relay } = await pair(0, 0, 8);
    const { ms, back, sent } = await echo(relay.port, 250_000);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(back.equals(sent)).toBe(true);
    expect(relay.counts()).toMatchObject({ bytesUp: 250_000, bytesDown: 250_000 });
  }, 10_000);

  it('--bandwidth: the link is shared, so two connections at once take as long as their bytes together', async () => {
    const { relay } = await pair(0, 0, 8);
    const start = performance.now();
    const both = await Promise.all([echo(relay.port, 125_000), echo(relay.port, 125_000)]);
    // A link per connection would let each finish after ~125 ms.
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
    for (const { back, sent } of both) expect(back.equals(sent)).toBe(true);
  }, 10_000);

  it('counts its own connections, one upstream connection for each, and resets', async () => {
    const { relay } = await pair(5);
    const sockets = await Promise.all(Array.from({ length: 4 }, () => connect(relay.port)));
    for (const s of sockets) s.write('x');
    await Promise.all(sockets.map((s) => once(s, 'data')));
    expect(relay.counts()).toMatchObject({ accepted: 4, open: 4, peakOpen: 4, bytesUp: 4, bytesDown: 4 });
    relay.reset();
    expect(relay.counts()).toMatchObject({ accepted: 0, open: 4, peakOpen: 4, bytesUp: 0 });
    for (const s of sockets) s.destroy();
    const deadline = Date.now() + 5_000;
    while (relay.counts().open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(relay.counts().open).toBe(0);
  });
});
