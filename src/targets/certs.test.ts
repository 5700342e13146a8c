import { X509Certificate } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MuxbenchError } from '../errors.js';
import { certPaths, certProblem, ensureCerts, loadTlsMaterial, type CertPaths } from './certs.js';
import { removeTempDirs, tempDir } from '../../test/support/target.js';

afterAll(removeTempDirs);

const DAY_MS = 24 * 60 * 60 * 1000;

/** Completes a real TLS handshake against the server cert; resolves the client's view. */
function handshake(paths: CertPaths, host: string, servername?: string): Promise<{ authorized: boolean; peerCN: string | undefined }> {
  return new Promise((resolve, reject) => {
    const server = tls.createServer({ key: readFileSync(paths.serverKey), cert: readFileSync(paths.serverCert) }, (s) => s.end());
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      const socket = tls.connect({ host, port, ca: readFileSync(paths.caCert), ...(servername ? { servername } : {}) }, () => {
        const cn: unknown = socket.getPeerCertificate().subject?.CN;
        const result = { authorized: socket.authorized, peerCN: typeof cn === 'string' ? cn : undefined };
        socket.destroy();
        server.close(() => resolve(result));
      });
      socket.on('error', (error) => server.close(() => reject(error)));
    });
  });
}

const sharedDir = tempDir();

describe('ensureCerts', () => {
  let paths: CertPaths;
  beforeAll(async () => {
    paths = await ensureCerts(sharedDir);
  });

  it('writes the six files, keys readable by the owner only', () => {
    for (const file of [paths.caCert, paths.caKey, paths.serverCert, paths.serverKey, paths.clientCert, paths.clientKey]) {
      expect(statSync(file).isFile()).toBe(true);
    }
    for (const key of [paths.caKey, paths.serverKey, paths.clientKey]) {
      expect(statSync(key).mode & 0o777).toBe(0o600);
    }
    expect(path.basename(paths.serverKey)).toBe('server.key');
    // Nothing else: the temp dir used for generation is gone.
    expect(readdirSync(paths.dir).sort()).toEqual(['ca.crt', 'ca.key', 'client.crt', 'client.key', 'server.crt', 'server.key']);
  });

  it('makes a server cert that a default TLS client accepts for 127.0.0.1 and localhost', async () => {
    await expect(handshake(paths, '127.0.0.1')).resolves.toEqual({ authorized: true, peerCN: 'localhost' });
    await expect(handshake(paths, '127.0.0.1', 'localhost')).resolves.toEqual({ authorized: true, peerCN: 'localhost' });
  });

  it('makes certs with the right roles, names and ~90 days of validity', () => {
    const ca = new X509Certificate(readFileSync(paths.caCert));
    const server = new X509Certificate(readFileSync(paths.serverCert));
    const client = new X509Certificate(readFileSync(paths.clientCert));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(client.subject).toBe('CN=muxbench-client');
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(client.verify(ca.publicKey)).toBe(true);
    const days = (new Date(server.validTo).getTime() - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
  });

  it('keeps a valid set as it is', async () => {
    const before = readFileSync(paths.caCert, 'utf8');
    await ensureCerts(paths.dir);
    expect(readFileSync(paths.caCert, 'utf8')).toBe(before);
  });

  it('regenerates the whole set when a file is missing', async () => {
    const before = readFileSync(paths.caCert, 'utf8');
    unlinkSync(paths.serverKey);
    expect(await certProblem(paths)).toBe('server.key is missing');
    await ensureCerts(paths.dir);
    expect(readFileSync(paths.caCert, 'utf8')).not.toBe(before);
    expect(await certProblem(paths)).toBeNull();
    expect(statSync(paths.serverKey).mode & 0o777).toBe(0o600);
  });

  it('regenerates when the server cert comes from another CA', async () => {
    const other = await ensureCerts(tempDir());
    copyFileSync(other.serverCert, paths.serverCert);
    copyFileSync(other.serverKey, paths.serverKey);
    expect(await certProblem(paths)).toBe('server.crt is not signed by ca.crt');
    await ensureCerts(paths.dir);
    expect(await certProblem(paths)).toBeNull();
    const ca = new X509Certificate(readFileSync(paths.caCert));
    expect(new X509Certificate(readFileSync(paths.serverCert)).verify(ca.publicKey)).toBe(true);
  });

  it('flags a set that expires within one day', async () => {
    expect(await certProblem(paths, new Date(Date.now() + 88 * DAY_MS))).toBeNull();
    expect(await certProblem(paths, new Date(Date.now() + 89.5 * DAY_MS))).toMatch(/^ca\.crt expires on /);
  });

  it('throws MUXBENCH_NO_OPENSSL when openssl is not on PATH', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(tempDir(), 'empty');
    try {
      const error = await ensureCerts(tempDir()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MuxbenchError);
      expect((error as MuxbenchError).code).toBe('MUXBENCH_NO_OPENSSL');
      expect((error as MuxbenchError).message).toContain('apt-get install -y openssl');
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

describe('loadTlsMaterial', () => {
  let paths: CertPaths;
  beforeAll(async () => {
    paths = await ensureCerts(sharedDir);
  });

  it('gives only the CA without mtls, and the client pair with it', () => {
    const plain = loadTlsMaterial(paths, { mtls: false });
    expect(plain).toEqual({ ca: readFileSync(paths.caCert, 'utf8'), caPath: paths.caCert });
    const mutual = loadTlsMaterial(paths, { mtls: true });
    expect(mutual.cert).toBe(readFileSync(paths.clientCert, 'utf8'));
    expect(mutual.key).toBe(readFileSync(paths.clientKey, 'utf8'));
    expect(mutual.certPath).toBe(paths.clientCert);
    expect(mutual.keyPath).toBe(paths.clientKey);
  });

  it('says how to fix a missing file', () => {
    const missing = certPaths(tempDir());
    expect(() => loadTlsMaterial(missing, { mtls: false })).toThrow(/npm run certs/);
  });
});
