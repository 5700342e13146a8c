/** The target a run asked for (`--target`, `--url`), started and checked with one request before any load. */
import type { TargetChoice } from './choice.js';
import { startLocalTarget } from './local.js';
import { startNginxTarget } from './nginx/nginx-target.js';
import { preflight } from './preflight.js';
import { withRelay } from './relay/relay-target.js';
import type { RelayOptions } from './relay/relay.js';
import type { Target } from './types.js';
import { startUrlTarget } from './url.js';
import { definedOnly } from '../defined.js';

export async function startTarget(choice: TargetChoice): Promise<Target> {
  switch (choice.kind) {
    case 'local':
      return checked(await relayed(await startLocalTarget({ mtls: choice.mtls, h2c: choice.h2c, ...choice.server }), choice.network));
    case 'nginx':
      return checked(await relayed(await startNginxTarget({ mtls: choice.mtls, h2c: choice.h2c }), choice.network));
    case 'url':
      // The URL target runs its own preflight (it also learns whether the port is h2c-only).
      return startUrlTarget({
        url: choice.url,
        path: choice.path,
        ...definedOnly({ caPath: choice.caPath, certPath: choice.certPath, keyPath: choice.keyPath, servername: choice.servername }),
      });
    default: {
      const exhaustive: never = choice;
      throw new Error(`unknown target ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** --rtt: the relay in front of the target (relay/relay-target.ts); the target is closed if the relay cannot start. */
async function relayed(target: Target, network: RelayOptions | undefined): Promise<Target> {
  if (!network) return target;
  try {
    return await withRelay(target, network);
  } catch (error) {
    await target.close();
    throw error;
  }
}

/** Our own servers get the same preflight: a proxy that cannot reach its upstream shows here, not as 100 % errors. */
async function checked(target: Target): Promise<Target> {
  try {
    await preflight(target.origin, target.tls, target.pathFor(0));
    return target;
  } catch (error) {
    await target.close();
    throw error;
  }
}
