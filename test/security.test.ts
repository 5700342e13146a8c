/**
 * Security defaults: servers muxbench starts listen on loopback only; its temporary
 * directories are private (mkdtemp: 0700); private keys are 0600; and no strategy or
 * example turns certificate verification off.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCerts } from '../src/targets/certs.js';
import { startLocalTarget } from '../src/targets/local.js';
import { projectRoot } from './support/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Tests may talk about these settings; shipped code and examples may not use them. */
const shipped = [...sourceFiles(path.join(projectRoot, 'src')), ...sourceFiles(path.join(projectRoot, 'examples'))].filter((f) => !f.endsWith('.test.ts'));

describe('security defaults', () => {
  it('no strategy, source file or example disables certificate verification', () => {
    expect(shipped.length).toBeGreaterThan(20);
    const offenders = shipped.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /rejectUnauthorized\s*:\s*false/.test(text) || /NODE_TLS_REJECT_UNAUTHORIZED/.test(text);
    });
    expect(offenders.map((f) => path.relative(projectRoot, f))).toEqual([]);
  });

  it('every temporary directory is made with mkdtemp (0700), never a fixed path under the temp dir', () => {
    const loose = shipped.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /tmpdir\(\)/.test(line) && !/mkdtemp(Sync)?\(/.test(line))
        .map((line) => `${path.relative(projectRoot, file)}: ${line.trim()}`),
    );
    expect(loose).toEqual([]);
  });

  it('private keys are 0600', async () => {
    const certs = await ensureCerts();
    for (const key of [certs.caKey, certs.serverKey, certs.clientKey]) {
      expect((statSync(key).mode & 0o777).toString(8), key).toBe('600');
    }
  });

  it('the local ping server listens on loopback only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
    const target = await startLocalTarget();
    try {
      expect(target.origin.hostname).toBe('127.0.0.1');
      const port = Number(target.origin.port);
      // Reachable on loopback, refused on the machine's other address.
      const dial = (host: string): Promise<string> =>
        new Promise((resolve) => {
          const socket = net.connect(port, host);
          socket.setTimeout(3_000, () => (socket.destroy(), resolve('timeout')));
          socket.once('connect', () => (socket.destroy(), resolve('connected')));
          socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        });
      expect(await dial('127.0.0.1')).toBe('connected');
      if (external !== undefined) expect(await dial(external)).toBe('ECONNREFUSED');
    } finally {
      await target.close();
    }
  });
});
