/**
 * A strategy a known amount slower, for `npm run bench:gate`: http2-single-session,
 * same id, waiting 2 ms after every response before the request counts as done. A
 * gate that cannot see this in the rows of http2-single-session, or that flags any
 * other row, is not doing its job.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Strategy } from '../src/strategies/types.js';
import { findStrategy } from '../src/strategies/registry.js';

export const SLOWED_ID = 'http2-single-session';
export const DELAY_MS = 2;

const base = findStrategy(SLOWED_ID);
if (!base) throw new Error(`bench/slow-2ms.ts: no built-in strategy ${SLOWED_ID}`);

const slowed: Strategy = {
  ...base,
  label: `${base.label}, then ${DELAY_MS} ms idle after every response`,
  configuration: `${base.configuration}; await sleep(${DELAY_MS}) after each response`,
  async open(ctx) {
    const client = await base.open(ctx);
    return {
      async ping(path, signal) {
        await client.ping(path, signal);
        await sleep(DELAY_MS);
      },
      close: () => client.close(),
    };
  },
};

export default slowed;
