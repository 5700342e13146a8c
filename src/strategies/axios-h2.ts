import { axiosClient } from './axios-client.js';
import { tlsOptions, type Strategy } from './types.js';

/**
 * axios with `httpVersion: 2` (axios ≥ 1.13): its own node:http2 session cache, one
 * session per origin and options, shared by every request of the process, and closed
 * after `http2Options.sessionTimeout` (default 1000 ms) with no stream open: an idle gap
 * longer than that costs a new connection and a new handshake. The cache has no close
 * method; idle sessions close on that timer, or when the worker exits.
 */
export const axiosH2: Strategy = {
  id: 'axios-h2',
  label: 'axios({ httpVersion: 2 })',
  library: 'axios',
  intent: 'one-connection',
  configuration: 'axios.create({ baseURL, proxy: false, httpVersion: 2, http2Options: { ca } }) - sessionTimeout stays 1000 ms',
  async open(ctx) {
    return axiosClient(ctx, { httpVersion: 2, http2Options: tlsOptions(ctx.tls) }, () => {});
  },
};
