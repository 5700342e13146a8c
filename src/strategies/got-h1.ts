import http from 'node:http';
import https from 'node:https';
import { gotClient } from './got-client.js';
import { h1Unsupported, type Strategy } from './types.js';

/** got over HTTP/1.1 with a keep-alive node:https Agent (node:http for http:// origins). */
export const gotH1: Strategy = {
  id: 'got-h1',
  label: 'got + https.Agent({ keepAlive: true })',
  library: 'got',
  intent: 'pool',
  configuration: "got.extend({ agent: { https: new https.Agent({ keepAlive: true }) }, retry: { limit: 0 } })",
  unsupported: h1Unsupported,
  async open(ctx) {
    const agent = new https.Agent({ keepAlive: true });
    const cleartext = new http.Agent({ keepAlive: true });
    return gotClient(ctx, { agent: { https: agent, http: cleartext } }, () => {
      agent.destroy();
      cleartext.destroy();
    });
  },
};
