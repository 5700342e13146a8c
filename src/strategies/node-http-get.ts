/** One GET through node:http / node:https with a given agent; shared by the node:https strategies. */
import http from 'node:http';
import https from 'node:https';
import { checkStatus } from './types.js';

export function nodeHttpGet(url: URL, agent: http.Agent, signal: AbortSignal): Promise<void> {
  const get = url.protocol === 'http:' ? http.get : https.get;
  return new Promise<void>((resolve, reject) => {
    const req = get(url, { agent, signal }, (res) => {
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
  });
}
