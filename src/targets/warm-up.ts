/**
 * Warms a server muxbench started before anything is measured: a few thousand pings over
 * one HTTP/2 connection and over HTTP/1.1 keep-alive, so the server's JIT has compiled its
 * request path before the first case, not during the first part of the run.
 *
 * Why (docs/release-gate.md, "Two runs"): the ping server is a fresh process each run.
 * Without this, the first half of a run's repetitions was slower than the second (burst
 * p50, 21 of 26 runs, by up to 12 %), so two runs of the same code that stopped at
 * different repetition counts differed by up to 8 %, more than their intervals allowed.
 *
 * Best effort and bounded: at most WARM_H2_REQUESTS + WARM_H1_REQUESTS requests and
 * WARM_MS each way; a failure ends the warm-up silently (the preflight has already said
 * whether the server answers). The counters are reset before every case, so none of these
 * requests is counted in a case.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { tlsOptions } from './tls-options.js';
import type { Target } from './types.js';

export const WARM_H2_REQUESTS = 4_000;
export const WARM_H1_REQUESTS = 1_000;
const WARM_MS = 1_500;
const H2_IN_FLIGHT = 50;
const H1_SOCKETS = 8;

export interface WarmUp {
  /** Requests answered, per protocol. */
  h2: number;
  h1: number;
  ms: number;
}

/** Warms the target's server through its origin; resolves with what it sent. */
export async function warmUp(target: Target): Promise<WarmUp> {
  const start = performance.now();
  const h2 = await warmH2(target).catch(() => 0);
  // An h2c-only origin speaks no HTTP/1.1.
  const h1 = target.h2cOnly ? 0 : await warmH1(target).catch(() => 0);
  return { h2, h1, ms: Math.round(performance.now() - start) };
}

async function warmH2(target: Target): Promise<number> {
  const tls = target.origin.protocol === 'https:' ? tlsOptions(target.tls) : {};
  const session = http2.connect(target.origin, tls);
  session.on('error', () => {});
  const deadline = performance.now() + WARM_MS;
  let sent = 0;
  let answered = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const stream = session.request({ ':path': target.pathFor(0) });
      stream.on('error', () => resolve());
      stream.on('close', resolve);
      stream.resume();
      stream.on('end', () => answered++);
    });
  const lane = async (): Promise<void> => {
    while (sent < WARM_H2_REQUESTS && performance.now() < deadline && !session.destroyed) {
      sent++;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: H2_IN_FLIGHT }, lane));
  } finally {
    // close() waits for the session's end; a session already gone, or a server slow to
    // answer the GOAWAY, is destroyed after a second instead of holding the run.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        session.destroy();
        resolve();
      }, 1_000);
      if (session.destroyed) {
        clearTimeout(timer);
        resolve();
        return;
      }
      session.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return answered;
}

async function warmH1(target: Target): Promise<number> {
  const secure = target.origin.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: H1_SOCKETS, ...tlsOptions(target.tls) }) : new http.Agent({ keepAlive: true, maxSockets: H1_SOCKETS });
  const request = secure ? https.request : http.request;
  const deadline = performance.now() + WARM_MS;
  let sent = 0;
  let answered = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(target.origin, { agent, path: target.pathFor(0) }, (res) => {
        res.resume();
        res.on('end', () => {
          answered++;
          resolve();
        });
        res.on('error', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
  const lane = async (): Promise<void> => {
    while (sent < WARM_H1_REQUESTS && performance.now() < deadline) {
      sent++;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: H1_SOCKETS }, lane));
  } finally {
    agent.destroy();
  }
  return answered;
}
