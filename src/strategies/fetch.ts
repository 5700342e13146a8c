import { checkStatus, h1Unsupported, type Strategy } from './types.js';

/**
 * Node's global fetch with no dispatcher: the runtime's bundled undici and its defaults.
 * It takes no CA option, so the worker starts with NODE_EXTRA_CA_CERTS; it cannot present
 * a client certificate without replacing its dispatcher, so mutual TLS is unsupported.
 */
export const fetchStrategy: Strategy = {
  id: 'fetch',
  label: 'global fetch (bundled undici)',
  library: 'fetch',
  intent: 'pool',
  configuration: 'fetch(url) - runtime defaults, CA via NODE_EXTRA_CA_CERTS',
  processEnv: (tls) => ({ NODE_EXTRA_CA_CERTS: tls.caPath }),
  unsupported: (ctx) =>
    ctx.tls.cert !== undefined && ctx.origin.protocol === 'https:'
      ? "Node's global fetch cannot send a client certificate without replacing its dispatcher"
      : h1Unsupported(ctx),
  async open({ origin, requestBody }) {
    // A plain Uint8Array view of the same bytes: the DOM typings take no Buffer.
    const body = requestBody === undefined ? undefined : new Uint8Array(requestBody.buffer as ArrayBuffer, requestBody.byteOffset, requestBody.length);
    const init = (signal: AbortSignal): RequestInit => (body === undefined ? { signal } : { method: 'POST', body, signal });
    return {
      async ping(path, signal) {
        const response = await fetch(new URL(path, origin), init(signal));
        await response.arrayBuffer();
        checkStatus(response.status);
      },
      close: async () => {},
    };
  },
};
