/**
 * A TCP relay on loopback that gives every connection a network round-trip time: the
 * kernel here has no netem (`tc qdisc … netem` is an unknown qdisc), so the delay comes
 * from user space. Each accepted client connection gets exactly one upstream connection
 * (1:1, so every count on either side stays exact), and each direction's bytes are
 * delivered RTT/2 after they arrived, in order:
 *
 * - client → server: held until one RTT after the accept, then RTT/2 more. A real client
 *   sends its first byte one RTT after its SYN (SYN, SYN-ACK); on loopback connect()
 *   completes at once, so the relay charges that round trip here. The first bytes
 *   (a TLS ClientHello) reach the server 1.5 RTT after the client connected, as they
 *   would on a real network.
 * - server → client: RTT/2.
 * - jitter: each chunk's one-way delay gains a uniform 0 … jitter/2 ms, and a chunk never
 *   overtakes an earlier one (byte order is kept), so a round trip takes RTT to RTT+jitter.
 * - FIN and reset follow the data queued before them, with the same delay.
 * - bandwidth (optional): each direction is one link shared by every connection, as an
 *   access link is. A chunk starts on the link when it arrived and the link is free, takes
 *   bytes × 8 / rate on it, and is delivered RTT/2 after its last byte left: a transfer of
 *   N bytes takes at least N × 8 / rate more than it would without the cap.
 *
 * What it is not: a lossy network. No packet loss, no reordering, no congestion window;
 * under the cap the bytes wait in the relay, however many (a buffer with no limit, where a
 * router would drop); a round trip is a floor on every exchange and nothing more
 * (docs/costs.md).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RelayOptions {
  /** Round-trip time added to every exchange, ms. */
  rttMs: number;
  /** Extra one-way delay per chunk, uniform in 0 … jitterMs/2 (ms); 0 = none. */
  jitterMs: number;
  /** Each direction's link rate, shared by every connection (Mbit/s); absent = no cap. */
  bandwidthMbps?: number;
}

/** The relay's own count of what went through it since the last reset. */
export interface RelayCounts {
  /** Client connections accepted (each got one upstream connection). */
  accepted: number;
  /** Connections open now. */
  open: number;
  /** Most connections open at once. */
  peakOpen: number;
  /** Bytes client → server and server → client. */
  bytesUp: number;
  bytesDown: number;
}

export interface Relay {
  port: number;
  counts(): RelayCounts;
  reset(): void;
  close(): Promise<void>;
}

type Item = Buffer | 'end' | 'destroy';

/**
 * One direction of one connection: items leave at their due time, never before the
 * item ahead of them. A timer may fire up to a millisecond early (libuv rounds its clock
 * to whole ms), so the due time is checked against performance.now() and the timer armed
 * again: the delay is a floor.
 */
class DelayLine {
  private readonly queue: Array<{ at: number; item: Item }> = [];
  private last = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deliver: (item: Item) => void) {}

  push(at: number, item: Item): void {
    const due = Math.max(at, this.last);
    this.last = due;
    this.queue.push({ at: due, item });
    if (this.queue.length === 1) this.arm();
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head || this.timer) return;
    const wait = Math.max(0, Math.ceil(head.at - performance.now()));
    this.timer = setTimeout(this.flush, wait);
  }

  private readonly flush = (): void => {
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now) this.deliver(this.queue.shift()!.item);
    this.arm();
  };
}

/**
 * One direction's link: given when a chunk is ready to go and its size, the time its last
 * byte has left the link. Without a rate the link takes no time.
 */
function link(mbps: number | undefined): (readyAt: number, bytes: number) => number {
  if (mbps === undefined) return (readyAt) => readyAt;
  const bitsPerMs = mbps * 1000;
  let freeAt = 0;
  return (readyAt, bytes) => {
    freeAt = Math.max(readyAt, freeAt) + (bytes * 8) / bitsPerMs;
    return freeAt;
  };
}

export async function startRelay(upstream: { host: string; port: number }, options: RelayOptions): Promise<Relay> {
  const { rttMs, jitterMs, bandwidthMbps } = options;
  const half = rttMs / 2;
  const jitter = (): number => (jitterMs > 0 ? Math.random() * (jitterMs / 2) : 0);
  const upLink = link(bandwidthMbps);
  const downLink = link(bandwidthMbps);
  const counts: RelayCounts = { accepted: 0, open: 0, peakOpen: 0, bytesUp: 0, bytesDown: 0 };
  const live = new Set<net.Socket>();

  const server = net.createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true }, (client) => {
    const acceptedAt = performance.now();
    counts.accepted++;
    counts.open++;
    counts.peakOpen = Math.max(counts.peakOpen, counts.open);
    const server = net.connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true });
    live.add(client);
    live.add(server);
    let closed = 0;
    const onClose = (socket: net.Socket): void => {
      live.delete(socket);
      if (++closed === 2) {
        counts.open--;
        up.clear();
        down.clear();
      }
    };
    client.once('close', () => onClose(client));
    server.once('close', () => onClose(server));
    // Errors end the connection (a reset travels as 'destroy'); they are the endpoints' to report.
    client.on('error', () => {});
    server.on('error', () => {});

    const forward = (to: net.Socket, from: net.Socket) => (item: Item): void => {
      if (to.destroyed) return;
      if (item === 'end') to.end();
      else if (item === 'destroy') to.destroy();
      else if (!to.write(item)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    };
    const up = new DelayLine(forward(server, client));
    const down = new DelayLine(forward(client, server));
    // The TCP handshake's round trip: nothing the client sends passes before it.
    const upAt = (bytes: number): number => upLink(Math.max(performance.now(), acceptedAt + rttMs), bytes) + half + jitter();
    const downAt = (bytes: number): number => downLink(performance.now(), bytes) + half + jitter();

    client.on('data', (chunk: Buffer) => {
      counts.bytesUp += chunk.length;
      up.push(upAt(chunk.length), chunk);
    });
    server.on('data', (chunk: Buffer) => {
      counts.bytesDown += chunk.length;
      down.push(downAt(chunk.length), chunk);
    });
    client.on('end', () => up.push(upAt(0), 'end'));
    server.on('end', () => down.push(downAt(0), 'end'));
    client.on('close', (hadError) => {
      if (hadError || !client.readableEnded) up.push(upAt(0), 'destroy');
    });
    server.on('close', (hadError) => {
      if (hadError || !server.readableEnded) down.push(downAt(0), 'destroy');
    });
    // Read from the client only once the upstream is there to take its bytes.
    server.once('connect', () => client.resume());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');

  return {
    port: address.port,
    counts: () => ({ ...counts }),
    reset: () => {
      counts.accepted = 0;
      counts.peakOpen = counts.open;
      counts.bytesUp = 0;
      counts.bytesDown = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of live) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
