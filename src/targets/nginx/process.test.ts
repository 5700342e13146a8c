/** nginx missing: one line that says how to install it, exit 1, nothing started. */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli.js';
import { findNginx } from './process.js';

describe('nginx not installed', () => {
  const saved = process.env.MUXBENCH_NGINX;
  afterEach(() => {
    if (saved === undefined) delete process.env.MUXBENCH_NGINX;
    else process.env.MUXBENCH_NGINX = saved;
  });

  it('findNginx honours MUXBENCH_NGINX and finds nothing at a path that does not exist', () => {
    expect(findNginx({ MUXBENCH_NGINX: '/nonexistent/nginx', PATH: '' })).toBeUndefined();
  });

  it('--target nginx says how to install it and exits 1', async () => {
    process.env.MUXBENCH_NGINX = '/nonexistent/nginx';
    let err = '';
    const code = await main(['run', '--no-write', '--target', 'nginx'], { stdout: () => {}, stderr: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toBe('muxbench: nginx is not installed: apt-get install -y nginx (or set MUXBENCH_NGINX to the nginx binary)\n');
  });
});
