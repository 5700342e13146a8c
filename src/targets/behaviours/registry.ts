/** Every server behaviour (one file each), and the hooks of those a server's options turn on. */
import { closeAfter } from './close-after.js';
import { goawayAfter } from './goaway-after.js';
import { keepAliveMax } from './keepalive-max.js';
import { keepAliveTimeout } from './keepalive-timeout.js';
import { resetEvery } from './reset-every.js';
import type { Behaviour, BehaviourContext, BehaviourHooks } from './types.js';

export const behaviours: readonly Behaviour[] = [goawayAfter, keepAliveTimeout, keepAliveMax, closeAfter, resetEvery];

export function startBehaviours(ctx: BehaviourContext): BehaviourHooks[] {
  return behaviours.filter((b) => b.enabled(ctx.opts)).map((b) => b.start(ctx));
}
