/** A target's TLS material as node:tls options: what the preflight and the strategies hand to their clients. */
import type { TlsMaterial } from './types.js';
import { definedOnly } from '../defined.js';

/** TLS options in node:tls spelling, for libraries that take them as-is. */
export function tlsOptions(tls: TlsMaterial): { ca: string; cert?: string; key?: string; servername?: string } {
  return {
    ca: tls.ca,
    ...definedOnly({ cert: tls.cert, key: tls.key, servername: tls.servername }),
  };
}
