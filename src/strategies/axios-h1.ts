import http from 'node:http';
import https from 'node:https';
import { axiosClient } from './axios-client.js';
import { h1Unsupported, tlsOptions, type Strategy } from './types.js';

/**
 * axios as most code calls it: no agent given, so node:https's global agent, which has
 * kept connections alive since Node 19 (keepAlive, maxSockets Infinity, LIFO). The CA goes
 * onto that agent's own options (what it merges into every connection) instead of a new
 * agent, so the agent measured is the default one. HTTP/1.1 only; no ALPN, like
 * https-keepalive.
 */
export const axiosH1: Strategy = {
  id: 'axios-h1',
  label: 'axios - default agent (HTTP/1.1 keep-alive)',
  library: 'axios',
  intent: 'pool',
  configuration: "axios.create({ baseURL, proxy: false }) - node:https's global agent (keep-alive), the CA added to its options",
  unsupported: h1Unsupported,
  async open(ctx) {
    if (ctx.origin.protocol === 'http:') return axiosClient(ctx, {}, () => http.globalAgent.destroy());
    Object.assign(https.globalAgent.options, tlsOptions(ctx.tls));
    return axiosClient(ctx, {}, () => https.globalAgent.destroy());
  },
};
