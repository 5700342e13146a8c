/** One GET (or a POST of ctx.requestBody) through a got instance; shared by the got strategies. */
import type { ExtendOptions, Got } from 'got';
import type { StrategyClient, StrategyContext } from './types.js';
import { definedOnly } from '../defined.js';

// got loads inside open(), so a case's worker loads only the library it measures.
export async function gotClient(ctx: StrategyContext, options: ExtendOptions, close: () => void): Promise<StrategyClient> {
  const { default: got } = await import('got');
  const client: Got = got.extend({
    prefixUrl: '',
    // One ping must be one request on the wire, so the client and server counts can be
    // compared: got's own retries would hide failures and add requests.
    retry: { limit: 0 },
    https: {
      certificateAuthority: ctx.tls.ca,
      ...definedOnly({ certificate: ctx.tls.cert, key: ctx.tls.key }),
    },
    ...options,
  });
  const body = ctx.requestBody;
  return {
    async ping(path, signal) {
      // got throws HTTPError (code ERR_NON_2XX_3XX_RESPONSE) on a non-2xx answer.
      const url = new URL(path, ctx.origin);
      await (body === undefined ? client.get(url, { signal }) : client.post(url, { body, signal })).buffer();
    },
    close: async () => close(),
  };
}
