/** The generated nginx.conf: the directives that matter, and real nginx accepts it (`nginx -t`). */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCerts } from '../certs.js';
import { toolAvailable } from '../../../test/support/real-target.js';
import { DEFAULT_NGINX_LIMITS, renderNginxConfig, type NginxConfigInput } from './config.js';
import { findNginx } from './process.js';

const input = (prefix: string, mtls: boolean): NginxConfigInput => ({
  prefix,
  tlsPort: 18443,
  h2cPort: 18080,
  statusPort: 18081,
  upstreamPort: 18000,
  serverCert: '/c/server.crt',
  serverKey: '/c/server.key',
  caCert: '/c/ca.crt',
  mtls,
  runAsRoot: false,
  limits: DEFAULT_NGINX_LIMITS,
});

describe('nginx config', () => {
  it('has the TLS h2 listener, the h2c listener, stub_status, upstream keep-alive and the limits', () => {
    const conf = renderNginxConfig(input('/p', false));
    for (const directive of [
      'listen 127.0.0.1:18443 ssl http2;',
      'listen 127.0.0.1:18080 http2;',
      'listen 127.0.0.1:18081;',
      'stub_status;',
      'server 127.0.0.1:18000;',
      'keepalive 128;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'http2_max_concurrent_streams 128;',
      'keepalive_requests 1000;',
      'access_log /p/access.log muxbench;',
    ]) {
      expect(conf).toContain(directive);
    }
    expect(conf).not.toContain('ssl_verify_client');
    expect(conf).not.toContain('user root');
  });

  it('verifies client certificates against the CA with mtls', () => {
    const conf = renderNginxConfig(input('/p', true));
    expect(conf).toContain('ssl_verify_client on;');
    expect(conf).toContain('ssl_client_certificate /c/ca.crt;');
  });

  const nginx = findNginx();
  it.skipIf(!toolAvailable('nginx', nginx !== undefined))('passes `nginx -t`', async () => {
    const prefix = await mkdtemp(path.join(os.tmpdir(), 'muxbench-nginx-t-'));
    try {
      const certs = await ensureCerts();
      await mkdir(path.join(prefix, 'tmp'));
      const conf = renderNginxConfig({
        ...input(prefix, true),
        serverCert: certs.serverCert,
        serverKey: certs.serverKey,
        caCert: certs.caCert,
        runAsRoot: process.getuid?.() === 0,
      });
      const file = path.join(prefix, 'nginx.conf');
      await writeFile(file, conf);
      const out = await new Promise<string>((resolve) => {
        execFile(nginx ?? 'nginx', ['-t', '-p', `${prefix}/`, '-e', path.join(prefix, 'error.log'), '-c', file], (_e, stdout, stderr) =>
          resolve(`${stdout}${stderr}`),
        );
      });
      expect(out).toContain('syntax is ok');
      expect(out).toContain('test is successful');
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });
});
