/**
 * Finding, starting and stopping the nginx binary. nginx runs in the foreground
 * (`daemon off;`) as our (guarded) child, so it dies with us and its exit is observable.
 */
import { execFile } from 'node:child_process';
import { spawnChild } from '../../process/child.js';
import { findExecutable } from '../../find-executable.js';
import path from 'node:path';
import { RunError } from '../../errors.js';

export const NGINX_INSTALL_HINT = 'nginx is not installed: apt-get install -y nginx (or set MUXBENCH_NGINX to the nginx binary)';
const KILL_GRACE_MS = 3_000;
const TAIL_CHARS = 4_000;

/** The nginx binary: $MUXBENCH_NGINX, else the PATH, else the sbin directories (often not on a user's PATH). */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findExecutable('nginx', { overrideVar: 'MUXBENCH_NGINX', extraDirs: ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'], env });
}

/** "1.22.1", from `nginx -v` (which prints to stderr). */
export function nginxVersion(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, ['-v'], { timeout: 5_000 }, (error, stdout, stderr) => {
      const match = /nginx\/(\S+)/.exec(`${stdout}${stderr}`);
      if (match?.[1]) resolve(match[1]);
      else reject(new RunError('MUXBENCH_NGINX_VERSION', `could not read the nginx version from '${binary} -v'${error ? `: ${error.message}` : ''}`, { cause: error }));
    });
  });
}

export interface NginxProcess {
  /** nginx's master pid, once started. */
  pid(): Promise<number | undefined>;
  exited: Promise<void>;
  /** stdout + stderr so far (last few KB). */
  output(): string;
  stop(): Promise<void>;
}

export function spawnNginx(binary: string, prefix: string, confFile: string): NginxProcess {
  // -e: the error log from the first line on (before the config is read, nginx would
  // otherwise try its compiled-in /var/log/nginx/error.log). Guarded (src/process/child.ts):
  // nginx and its workers go when muxbench goes, even when muxbench is SIGKILLed.
  const child = spawnChild({
    kind: 'guarded',
    file: binary,
    args: ['-p', `${prefix}/`, '-e', path.join(prefix, 'error.log'), '-c', confFile, '-g', 'daemon off;'],
    stdout: 'keep',
    outputChars: TAIL_CHARS,
    // SIGTERM = nginx's fast shutdown; the master takes its workers with it.
    graceMs: KILL_GRACE_MS,
  });
  return {
    pid: () => child.pid(),
    exited: child.exited.then(() => {}),
    output: () => `${child.stdout()}${child.stderr()}`.trim(),
    stop: async () => {
      await child.stop();
    },
  };
}
