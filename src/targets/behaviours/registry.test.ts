/**
 * The registry holds every injected server behaviour once, each turned on by its own
 * `--server-*` option and by no other (the behaviours themselves are measured against real
 * clients in ../server-behaviours.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { SERVER_FLAGS } from '../server-options.js';
import type { PingServerOptions } from '../types.js';
import { behaviours } from './registry.js';

/** Each behaviour's option alone. */
const ALONE: Record<string, PingServerOptions> = {
  'server-goaway-after': { goawayAfterRequests: 3 },
  'server-keepalive-timeout': { keepAliveTimeoutMs: 100 },
  'server-keepalive-max': { keepAliveMax: 3 },
  'server-close-after': { closeAfterRequests: 3 },
  'server-reset-every': { resetEvery: 4 },
};

describe('server behaviours registry', () => {
  it('has one entry per behaviour flag, each a server option', () => {
    expect(behaviours.map((b) => b.flag).sort()).toEqual(Object.keys(ALONE).sort());
    for (const b of behaviours) expect(SERVER_FLAGS).toContain(b.flag);
  });

  it('turns each behaviour on by its own option only', () => {
    for (const b of behaviours) {
      for (const [flag, opts] of Object.entries(ALONE)) expect([b.flag, flag, b.enabled(opts)]).toEqual([b.flag, flag, flag === b.flag]);
      // Settings, not behaviours: the stream limit and the body size.
      expect(b.enabled({ maxConcurrentStreams: 10, bodyBytes: 100 })).toBe(false);
    }
  });
});
