/** One GET (or a POST of ctx.requestBody) through an undici dispatcher; shared by the undici strategies. */
import type { Agent } from 'undici';
import type { StrategyClient, StrategyContext } from './types.js';
import { checkStatus, tlsOptions } from './types.js';

// Libraries load inside open(), so a case's worker loads only the library it measures.
export async function undiciClient(ctx: StrategyContext, agentOptions: Agent.Options): Promise<StrategyClient> {
  const { Agent, request } = await import('undici');
  // An http:// origin with allowH2: HTTP/2 with prior knowledge (undici 7's `useH2c`
  // connect option, what its H2CClient sets); without allowH2 it is plain HTTP/1.1.
  const h2c = ctx.origin.protocol === 'http:' && agentOptions.allowH2 === true;
  const dispatcher = new Agent({ ...agentOptions, connect: { ...tlsOptions(ctx.tls), ...(h2c ? { useH2c: true } : {}) } });
  const body = ctx.requestBody;
  return {
    async ping(path, signal) {
      const options = body === undefined ? { method: 'GET' as const, dispatcher, signal } : { method: 'POST' as const, body, dispatcher, signal };
      const response = await settleOnAbort(request(new URL(path, ctx.origin), options), signal);
      // Read the whole body: a response is not done until its last byte arrived.
      await response.body.arrayBuffer();
      checkStatus(response.statusCode);
    },
    close: () => dispatcher.close(),
  };
}

/**
 * undici leaves a request that waits for its connection alone when the signal fires: with
 * a TLS handshake that stalls, measured, each such request took undici's 10 s connect
 * timeout whatever --request-timeout said (a --quick case: 19.5 s, ended by the case
 * timeout). The request's promise settles at the signal all the same; a response that
 * comes later is dropped.
 */
function settleOnAbort<T extends { body: { destroy(): unknown } }>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason);
      pending.then((late) => late.body.destroy(), () => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
