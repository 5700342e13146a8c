/**
 * The runtime cache: Node binaries and library sets installed from the npm registry,
 * outside the repository (`$XDG_CACHE_HOME/muxbench`, else `~/.cache/muxbench`), each
 * once. An install goes into a fresh temporary directory beside its final place and is
 * renamed into it when npm is done, so a concurrent run either sees a complete install
 * or none, and two installs racing for one place both end with the same complete one.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RunError } from '../errors.js';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(env.HOME ?? os.homedir(), '.cache');
  return path.join(base, 'muxbench');
}

/** Progress lines ("installing …", "… done in 12.3 s") go here; stderr in the CLI. */
export type Progress = (line: string) => void;

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** The npm that came with the Node running muxbench (an npm script has it on PATH as well). */
function npmCommand(): { file: string; prefixArgs: string[] } {
  const npmCli = process.env.npm_execpath;
  if (npmCli !== undefined && /npm-cli\.js$/.test(npmCli)) return { file: process.execPath, prefixArgs: [npmCli] };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefixArgs: [] };
}

function runNpm(args: string[], cwd: string): Promise<void> {
  const npm = npmCommand();
  return new Promise((resolve, reject) => {
    execFile(
      npm.file,
      [...npm.prefixArgs, ...args],
      // npm's own update check and funding/audit chatter are noise here.
      { cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        // npm's first line is its error code ("code ETARGET"); the next one says what happened.
        const lines = stderr.split('\n').map((l) => l.replace(/^npm (ERR!|error)\s*/i, '').trim());
        const line = lines.find((l) => l.length > 0 && !/^code \S+$/.test(l)) ?? lines.find((l) => l.length > 0);
        reject(new Error((line ?? error.message.split('\n')[0] ?? 'npm failed').replace(/\.$/, '')));
      },
    );
  });
}

/**
 * `npm install specs` into `dir` unless it is there already. Returns whether it
 * installed. `what` names the install in the progress line and in the error.
 * `ignoreScripts`: for a package whose dependencies' install scripts download things
 * from outside the npm registry, which muxbench does not need.
 */
export async function installOnce(
  dir: string,
  specs: readonly string[],
  what: string,
  progress: Progress,
  hint: string,
  options: { ignoreScripts?: boolean } = {},
): Promise<boolean> {
  if (await exists(dir)) return false;
  await mkdir(path.dirname(dir), { recursive: true });
  const tmp = await mkdtemp(`${dir}.tmp-`);
  const started = performance.now();
  progress(`muxbench: installing ${what} from the npm registry into ${dir} …`);
  try {
    const scripts = options.ignoreScripts ? ['--ignore-scripts'] : [];
    await runNpm(['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...scripts, ...specs], tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw new RunError('MUXBENCH_RUNTIME_INSTALL', `cannot install ${what} (${specs.join(' ')}) from the npm registry: ${(error as Error).message}; ${hint}`, {
      cause: error,
    });
  }
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another run finished the same install first: use its copy.
    await rm(tmp, { recursive: true, force: true });
    if (!(await exists(dir))) throw error;
    return false;
  }
  progress(`muxbench: installed ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
