/**
 * Local certificates for the ping server: a private CA, a server certificate for
 * localhost / 127.0.0.1 / ::1, and a client certificate for mutual TLS.
 *
 * Why the openssl CLI: Node can make keys but cannot sign certificates, and a benchmark
 * tool should not pull in a crypto dependency for a few files. Keys are made by Node. The files live in
 * <project root>/certs so that every run (and every worker process) uses the same CA.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunError } from '../errors.js';
import { cacheRoot } from '../runtimes/cache.js';
import type { TlsMaterial } from './types.js';

export interface CertPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const PACKAGE_CERTS_DIR = fileURLToPath(new URL('../../certs/', import.meta.url));

/**
 * <project root>/certs in a checkout, found from this file's place in the tree (src/targets/
 * or dist/target/). An installed muxbench lives in node_modules, which may be read-only or
 * shared between users: there the certificates go to the user's muxbench cache instead.
 */
export const DEFAULT_CERTS_DIR = PACKAGE_CERTS_DIR.split(path.sep).includes('node_modules')
  ? `${path.join(cacheRoot(), 'certs')}${path.sep}`
  : PACKAGE_CERTS_DIR;

const VALIDITY_DAYS = 90;
/** Regenerate when anything expires sooner than this: a run must not straddle expiry. */
const MIN_REMAINING_MS = 24 * 60 * 60 * 1000;
const OPENSSL_TIMEOUT_MS = 30_000;

const FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  clientCert: 'client.crt',
  clientKey: 'client.key',
} as const;
type FileKey = keyof typeof FILES;
const KEY_FILES: readonly FileKey[] = ['caKey', 'serverKey', 'clientKey'];

export function certPaths(dir: string = DEFAULT_CERTS_DIR): CertPaths {
  const abs = path.resolve(dir);
  return {
    dir: abs,
    caCert: path.join(abs, FILES.caCert),
    caKey: path.join(abs, FILES.caKey),
    serverCert: path.join(abs, FILES.serverCert),
    serverKey: path.join(abs, FILES.serverKey),
    clientCert: path.join(abs, FILES.clientCert),
    clientKey: path.join(abs, FILES.clientKey),
  };
}

/** One ensureCerts per directory at a time within this process (tests, parallel cases). */
const inFlight = new Map<string, Promise<CertPaths>>();

/**
 * Returns usable certificates in `dir`, generating a fresh set when any file is missing,
 * expires within a day, or no longer chains to the CA. Throws RunError when openssl is
 * missing or fails.
 */
export function ensureCerts(dir: string = DEFAULT_CERTS_DIR): Promise<CertPaths> {
  const paths = certPaths(dir);
  const running = inFlight.get(paths.dir);
  if (running) return running;
  const job = ensureCertsNow(paths).finally(() => inFlight.delete(paths.dir));
  inFlight.set(paths.dir, job);
  return job;
}

async function ensureCertsNow(paths: CertPaths): Promise<CertPaths> {
  if ((await certProblem(paths)) === null) {
    await tightenKeyModes(paths);
    return paths;
  }
  // Another process regenerating at the same moment can interleave its renames with
  // ours; the re-check catches a mixed set and we generate once more.
  let problem: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    await generate(paths);
    problem = await certProblem(paths);
    if (problem === null) return paths;
  }
  throw new RunError('MUXBENCH_CERTS_INVALID', `Generated certificates in ${paths.dir} are not usable: ${problem}. Delete the directory's .crt/.key files and run \`npm run certs\`.`);
}

/** Why the set in `paths` must be regenerated, or null when it is fine. */
export async function certProblem(paths: CertPaths, now: Date = new Date()): Promise<string | null> {
  const pem: Partial<Record<FileKey, string>> = {};
  for (const key of Object.keys(FILES) as FileKey[]) {
    try {
      pem[key] = await readFile(paths[key], 'utf8');
    } catch {
      return `${FILES[key]} is missing`;
    }
  }
  try {
    const ca = new X509Certificate(pem.caCert ?? '');
    const server = new X509Certificate(pem.serverCert ?? '');
    const client = new X509Certificate(pem.clientCert ?? '');
    const certs: [string, X509Certificate][] = [[FILES.caCert, ca], [FILES.serverCert, server], [FILES.clientCert, client]];
    for (const [name, cert] of certs) {
      if (new Date(cert.validTo).getTime() - now.getTime() < MIN_REMAINING_MS) return `${name} expires on ${cert.validTo}`;
      // A clock that moved backwards makes a fresh cert "not yet valid".
      if (new Date(cert.validFrom).getTime() > now.getTime()) return `${name} is not valid before ${cert.validFrom}`;
    }
    if (!ca.ca) return `${FILES.caCert} is not a CA certificate`;
    if (!server.verify(ca.publicKey)) return `${FILES.serverCert} is not signed by ${FILES.caCert}`;
    if (!client.verify(ca.publicKey)) return `${FILES.clientCert} is not signed by ${FILES.caCert}`;
    if (server.checkIP('127.0.0.1') === undefined || server.checkHost('localhost') === undefined) {
      return `${FILES.serverCert} does not cover localhost and 127.0.0.1`;
    }
    // A key from one set with a cert from another (interrupted rename) fails the handshake.
    const pairs: [FileKey, X509Certificate][] = [['caKey', ca], ['serverKey', server], ['clientKey', client]];
    for (const [keyFile, cert] of pairs) {
      if (!cert.checkPrivateKey(createPrivateKey(pem[keyFile] ?? ''))) return `${FILES[keyFile]} does not match its certificate`;
    }
  } catch (error) {
    return `unreadable certificate or key (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}

/** Keys copied in by hand (or by an old version) may be group/world readable. */
async function tightenKeyModes(paths: CertPaths): Promise<void> {
  if (process.platform === 'win32') return;
  for (const key of KEY_FILES) {
    const { mode } = await stat(paths[key]);
    if ((mode & 0o777) !== 0o600) await chmod(paths[key], 0o600);
  }
}

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = muxbench
[ca_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
`;

/** Generates a whole set in a private temp dir next to the target, then renames it in. */
async function generate(paths: CertPaths): Promise<void> {
  await mkdir(paths.dir, { recursive: true });
  // Same directory => same filesystem => rename is atomic per file. mkdtemp makes it 0700.
  const tmp = await mkdtemp(path.join(paths.dir, '.tmp-'));
  try {
    const t = certPaths(tmp);
    const cnf = path.join(tmp, 'openssl.cnf');
    await writeFile(cnf, OPENSSL_CONFIG);
    const days = String(VALIDITY_DAYS);
    const serial = (): string => `0x${randomBytes(16).toString('hex')}`;

    // Keys come from Node's crypto (same P-256 keys openssl genpkey makes): three fewer
    // openssl processes, and the file is 0600 from the moment it exists.
    for (const key of KEY_FILES) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
      await writeFile(t[key], pem, { mode: 0o600 });
      if (process.platform !== 'win32') await chmod(t[key], 0o600); // an odd umask may strip u+w
    }
    await openssl(['req', '-new', '-x509', '-config', cnf, '-extensions', 'ca_ext', '-key', t.caKey,
      '-subj', '/CN=muxbench local CA', '-days', days, '-sha256', '-set_serial', serial(), '-out', t.caCert]);
    const leaves = [
      { cert: t.serverCert, key: t.serverKey, cn: 'localhost', ext: 'server_ext' },
      { cert: t.clientCert, key: t.clientKey, cn: 'muxbench-client', ext: 'client_ext' },
    ];
    for (const leaf of leaves) {
      const csr = `${leaf.cert}.csr`;
      await openssl(['req', '-new', '-config', cnf, '-key', leaf.key, '-subj', `/CN=${leaf.cn}`, '-out', csr]);
      await openssl(['x509', '-req', '-in', csr, '-CA', t.caCert, '-CAkey', t.caKey, '-set_serial', serial(),
        '-days', days, '-sha256', '-extfile', cnf, '-extensions', leaf.ext, '-out', leaf.cert]);
    }
    // Keys first, CA cert last: a crash in between leaves a set that fails certProblem().
    const order: FileKey[] = ['serverKey', 'clientKey', 'caKey', 'serverCert', 'clientCert', 'caCert'];
    for (const key of order) await rename(t[key], paths[key]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: OPENSSL_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new RunError('MUXBENCH_NO_OPENSSL',
          'The openssl command was not found; it is needed to generate local TLS certificates. Install it (Debian/Ubuntu: `apt-get install -y openssl`) and run again.',
          { cause: error }));
      }
      reject(new RunError('MUXBENCH_CERTS_FAILED', `openssl ${args[0]} failed: ${String(stderr).trim() || error.message}`, { cause: error }));
    });
  });
}

/**
 * Reads the PEM files every client needs: always the CA, plus the client certificate and
 * key when the server demands mutual TLS. Synchronous: called once per process, before
 * any request.
 */
export function loadTlsMaterial(paths: CertPaths, options: { mtls: boolean }): TlsMaterial {
  const read = (file: string): string => {
    if (!existsSync(file)) {
      throw new RunError('MUXBENCH_CERTS_MISSING', `${file} does not exist. Run \`npm run certs\` to generate the local certificates.`);
    }
    return readFileSync(file, 'utf8');
  };
  const material: TlsMaterial = { ca: read(paths.caCert), caPath: paths.caCert };
  if (options.mtls) {
    material.cert = read(paths.clientCert);
    material.key = read(paths.clientKey);
    material.certPath = paths.clientCert;
    material.keyPath = paths.clientKey;
  }
  return material;
}
