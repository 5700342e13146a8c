/**
 * The cost calibration against the real local ping server: the server's memory grows
 * with the idle connections held open (two values of N), and a full handshake costs the
 * server CPU time, a resumed one is resumed.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTarget, type LocalTarget } from '../targets/local.js';
import { calibrateCosts, idleConnectionMemory } from './calibrate.js';

describe('cost calibration against the local ping server', () => {
  let target: LocalTarget;
  let pids: number[];
  beforeAll(async () => {
    target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    pids = (await target.serverPids?.()) ?? [];
  }, 30_000);
  afterAll(async () => {
    await target?.close();
  });

  it('the server pid is the ping server', () => {
    expect(pids).toHaveLength(1);
  });

  it('memory per idle connection: the server’s total grows with N (40 → 400 connections)', async () => {
    const few = await idleConnectionMemory(target, pids, 40);
    const many = await idleConnectionMemory(target, pids, 400);
    expect(few.serverRss).not.toBeNull();
    expect(many.serverRss).not.toBeNull();
    const totalFew = few.serverRss! * 40;
    const totalMany = many.serverRss! * 400;
    // 360 more sessions held open: each holds at least a TLS socket and an HTTP/2 session on the server.
    expect(totalMany).toBeGreaterThan(totalFew);
    expect(many.serverRss!).toBeGreaterThan(0);
    expect(many.clientRss * 400).toBeGreaterThan(0);
    // The live heap is what the open connections hold (RSS also keeps what the allocator did not return):
    // at least a TLS socket and an HTTP/2 session each, well over 1 KB, and more in all for more connections.
    expect(few.serverHeap).toBeGreaterThan(1024);
    expect(many.serverHeap).toBeGreaterThan(1024);
    expect(many.serverHeap! * 400).toBeGreaterThan(few.serverHeap! * 40);
  }, 60_000);

  it('CPU per handshake: a full one costs the server CPU time; the resumed ones resumed', async () => {
    const costs = await calibrateCosts(target, { handshakes: 16, idleConnections: 16 });
    expect(costs).toBeDefined();
    expect(costs!.fullHandshakeCpuNs).toBeGreaterThan(0);
    expect(costs!.resumedHandshakes).toBe(16);
    expect(costs!.resumedHandshakeCpuNs).toBeGreaterThan(0);
    // The calibration's own connections are not left in the next case's counts.
    expect((await target.readCounters())?.accepted).toBe(0);
  }, 60_000);
});
