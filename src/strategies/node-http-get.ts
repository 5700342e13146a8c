/** One GET (or a POST of a body) through node:http / node:https with a given agent; shared by the node:https strategies. */
import http from 'node:http';
import https from 'node:https';
import { checkStatus } from './types.js';

export function nodeHttpGet(url: URL, agent: http.Agent, signal: AbortSignal, body?: Buffer): Promise<void> {
  const request = url.protocol === 'http:' ? http.request : https.request;
  const options: http.RequestOptions =
    body === undefined ? { agent, signal } : { agent, signal, method: 'POST', headers: { 'content-length': body.length } };
  return new Promise<void>((resolve, reject) => {
    const req = request(url, options, (res) => {
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
    req.end(body);
  });
}
