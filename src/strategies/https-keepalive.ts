import https from 'node:https';
import { checkStatus, tlsOptions, type Strategy } from './types.js';

/** node:https with a keep-alive Agent: HTTP/1.1 only, and it sends no ALPN at all. */
export const httpsKeepalive: Strategy = {
  id: 'https-keepalive',
  label: 'node:https Agent({ keepAlive: true })',
  library: 'node:https',
  intent: 'pool',
  configuration: 'new https.Agent({ keepAlive: true }) - maxSockets stays Infinity',
  async open({ origin, tls }) {
    const agent = new https.Agent({ keepAlive: true, ...tlsOptions(tls) });
    return {
      ping: (path, signal) =>
        new Promise<void>((resolve, reject) => {
          const req = https.get(new URL(path, origin), { agent, signal }, (res) => {
            res.resume();
            res.once('end', () => {
              try {
                checkStatus(res.statusCode ?? 0);
                resolve();
              } catch (error) {
                reject(error);
              }
            });
            res.once('error', reject);
          });
          req.once('error', reject);
        }),
      close: async () => agent.destroy(),
    };
  },
};
