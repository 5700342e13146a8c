/** One GET (or a POST of ctx.requestBody) through an axios instance; shared by the axios strategies. */
import type { CreateAxiosDefaults } from 'axios';
import { checkStatus, type StrategyClient, type StrategyContext } from './types.js';

// axios loads inside open(), so a case's worker loads only the library it measures.
export async function axiosClient(ctx: StrategyContext, options: CreateAxiosDefaults, close: () => void): Promise<StrategyClient> {
  const { default: axios } = await import('axios');
  const client = axios.create({
    // axios wants a string: with the URL object itself every request throws
    // "baseURL.slice is not a function".
    baseURL: ctx.origin.href,
    // Loopback only: a proxy from HTTPS_PROXY / HTTP_PROXY would send the pings elsewhere.
    proxy: false,
    // The status is judged as in every strategy (checkStatus: HTTP_<status> error codes),
    // not by axios's own AxiosError codes.
    validateStatus: () => true,
    responseType: 'arraybuffer',
    ...options,
  });
  const body = ctx.requestBody;
  return {
    async ping(path, signal) {
      // The whole body is read before axios resolves (responseType arraybuffer).
      const response = body === undefined ? await client.get(path, { signal }) : await client.post(path, body, { signal });
      checkStatus(response.status);
    },
    close: async () => close(),
  };
}
