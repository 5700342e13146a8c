/**
 * Strategies a known amount slower through CPU, for `npm run bench:gate` and the CPU
 * tests: http2-single-session that, after every response and before the request counts
 * as done, spins until this process has used `burnUs` more microseconds of CPU (user +
 * system, process.cpuUsage). Unlike a sleep, the burn shows in CPU per request as well
 * as in latency and throughput, and it costs the same on a busy machine as on a quiet
 * one (a sleep costs wall time only).
 *
 * Export names are the ids: `h2-burn-<µs>`, so two copies (old/new) live in one run.
 */
import type { Strategy } from '../src/strategies/types.js';
import { findStrategy } from '../src/strategies/registry.js';

export const BURN_BASE_ID = 'http2-single-session';

/** Spins until the process has used `us` microseconds of CPU since the call. */
export function burnCpu(us: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const d = process.cpuUsage(start);
    if (d.user + d.system >= us) return;
  }
}

export function burning(burnUs: number, id = `h2-burn-${burnUs}`): Strategy {
  const base = findStrategy(BURN_BASE_ID);
  if (!base) throw new Error(`bench/cpu-burn.ts: no built-in strategy ${BURN_BASE_ID}`);
  return {
    ...base,
    id,
    label: `${base.label}, then ${burnUs} µs of CPU after every response`,
    configuration: `${base.configuration}; burn ${burnUs} µs CPU after each response`,
    async open(ctx) {
      const client = await base.open(ctx);
      return {
        async ping(path, signal) {
          await client.ping(path, signal);
          if (burnUs > 0) burnCpu(burnUs);
        },
        close: () => client.close(),
      };
    },
  };
}

// The probes of bench:gate and the tests: no burn (an A/A copy), and the sizes they use.
export const burn0 = burning(0);
export const burn4 = burning(4);
export const burn10 = burning(10);
export const burn30 = burning(30);
export const burn1000 = burning(1000);
