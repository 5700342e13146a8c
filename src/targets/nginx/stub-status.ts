/**
 * nginx's stub_status page: the accepted-connections counter is nginx's own count of
 * TCP connections, independent of the access log (which only sees connections that
 * carried a request). Each read is itself one accepted connection (no keep-alive), which
 * the caller subtracts.
 */
import http from 'node:http';
import { RunError } from '../../errors.js';

export interface StubStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
}

export function parseStubStatus(text: string): StubStatus | undefined {
  const active = /Active connections:\s*(\d+)/.exec(text);
  const totals = /server accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  if (!active || !totals) return undefined;
  return { active: Number(active[1]), accepts: Number(totals[1]), handled: Number(totals[2]), requests: Number(totals[3]) };
}

export function readStubStatus(port: number, timeoutMs = 5_000): Promise<StubStatus> {
  return new Promise((resolve, reject) => {
    // agent: false + Connection: close = exactly one new connection per read.
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const status = parseStubStatus(body);
        if (status) resolve(status);
        else reject(new RunError('MUXBENCH_NGINX_STATUS', `nginx stub_status on port ${port} answered something else: ${body.slice(0, 80)}`));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new RunError('MUXBENCH_NGINX_STATUS', `nginx stub_status on port ${port} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
