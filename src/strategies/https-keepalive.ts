import http from 'node:http';
import https from 'node:https';
import { nodeHttpGet } from './node-http-get.js';
import { h1Unsupported, tlsOptions, type Strategy } from './types.js';

/**
 * node:https with a keep-alive Agent: HTTP/1.1 only, and it sends no ALPN at all.
 * On an http:// origin the same thing with node:http (cleartext HTTP/1.1).
 */
export const httpsKeepalive: Strategy = {
  id: 'https-keepalive',
  label: 'node:https Agent({ keepAlive: true })',
  library: 'node:https',
  intent: 'pool',
  configuration: 'new https.Agent({ keepAlive: true }) - maxSockets stays Infinity (node:http on http:// origins)',
  unsupported: h1Unsupported,
  async open({ origin, tls, requestBody }) {
    const cleartext = origin.protocol === 'http:';
    const agent = cleartext ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true, ...tlsOptions(tls) });
    return {
      ping: (path, signal) => nodeHttpGet(new URL(path, origin), agent, signal, requestBody),
      close: async () => agent.destroy(),
    };
  },
};
