/**
 * The previous client of an old-against-new run, found before anything is measured:
 *
 * - --base-ref REF: the strategy file's repository as it was at REF, `git archive`d into a
 *   temporary directory, so the file comes with everything it imports from the repository.
 *   An archive holds no node_modules: each `node_modules` the checkout has on the file's
 *   way up to the repository root is linked into the same place of the old tree, unless
 *   the old tree has its own (committed). Both versions then run on the same installed
 *   dependencies, and the comparison is of the code alone (docs/release-gate.md says why).
 * - --base-dir DIR: a copy of the repository (a worktree, an unpacked release) with its
 *   own node_modules when it needs them; nothing is linked into a directory of the user's.
 *
 * The strategy file is found at the same path relative to the repository root (the git
 * top level; outside git, the current directory). Its strategies are loaded under
 * derived ids, `<id>@<ref>` or `<id>@base`, and paired with this checkout's by id.
 * Every mistake is one UsageError line (exit 2) before the first case.
 */
import { existsSync, rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, realpath, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RunError, UsageError } from '../errors.js';
import type { BaseClients } from '../results.js';
import { spawnChild } from '../process/child.js';
import { strategiesInFile } from '../run/load-strategy.js';
import type { Strategy } from '../strategies/types.js';
import type { BaseChoice } from './options.js';

/** A strategy of the previous client: loaded under its derived id, run from its own file under the id it exports. */
export interface BaseStrategy {
  strategy: Strategy;
  file: string;
  exportedId: string;
  /** This checkout's strategy it is the previous version of. */
  next: string;
}

export interface MaterialisedBase {
  record: BaseClients;
  strategies: BaseStrategy[];
  /** Strategies of this checkout with no previous version (measured, not compared), and old ones no longer exported. */
  notes: string[];
  /** Removes the temporary tree (a no-op for --base-dir); also done at process exit. */
  remove(): Promise<void>;
}

/** This checkout's strategy files, as loaded by the run. */
export interface NewFile {
  file: string;
  ids: readonly string[];
}

const GIT_TIMEOUT_MS = 120_000;

interface Ran {
  ok: boolean;
  out: string;
  err: string;
}

/** A short program (git, tar) to completion; a missing program is a usage error. */
async function runTool(program: string, args: readonly string[], flag: string): Promise<Ran> {
  const child = spawnChild({ kind: 'guarded', file: program, args, stdout: 'keep', timeoutMs: GIT_TIMEOUT_MS, graceMs: 0 });
  const exit = await child.exited;
  if (exit.spawnError !== undefined) throw new UsageError(`${flag} needs ${program} on the PATH (${exit.spawnError})`);
  return { ok: exit.code === 0 && !exit.timedOut, out: child.stdout().trim(), err: child.stderr().trim() };
}

const firstLine = (text: string): string => text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/** The git top level of the directory holding `file`, or what git said when there is none. */
async function gitTop(file: string, flag: string): Promise<{ top: string } | { why: string }> {
  const ran = await runTool('git', ['-C', path.dirname(file), 'rev-parse', '--show-toplevel'], flag);
  return ran.ok && ran.out !== '' ? { top: await realpath(ran.out) } : { why: firstLine(ran.err) };
}

/** `v1.4.0` → `v1.4.0`, `release/1.4` → `release-1.4`, `HEAD~1` → `HEAD-1`: usable in an id and a gate row. */
export function refLabel(ref: string): string {
  return ref.replace(/[^\w.+-]+/g, '-').replace(/^-+|-+$/g, '') || 'base';
}

/** The derived id of a strategy's previous version. */
export function baseId(id: string, choice: BaseChoice): string {
  return `${id}@${choice.kind === 'ref' ? refLabel(choice.ref) : 'base'}`;
}

/** `git archive` of one commit into a fresh temporary directory; returns the tree's root. */
async function archive(top: string, commit: string, into: string, flag: string): Promise<string> {
  const tree = path.join(into, 'tree');
  await mkdir(tree);
  const tar = path.join(into, 'tree.tar');
  const archived = await runTool('git', ['-C', top, 'archive', '--format=tar', '-o', tar, commit], flag);
  if (!archived.ok) throw new RunError('MUXBENCH_BASE_TREE', `${flag}: git archive of ${commit.slice(0, 12)} failed: ${firstLine(archived.err) || 'no message'}`);
  const extracted = await runTool('tar', ['-xf', tar, '-C', tree], flag);
  if (!extracted.ok) throw new RunError('MUXBENCH_BASE_TREE', `${flag}: unpacking the archive of ${commit.slice(0, 12)} into ${tree} failed: ${firstLine(extracted.err) || 'no message'}`);
  await rm(tar, { force: true });
  return tree;
}

/**
 * Links the checkout's node_modules into the old tree on the strategy file's way up to
 * the root (where Node looks for its imports), where the old tree has none of its own.
 */
async function linkNodeModules(top: string, tree: string, relFile: string): Promise<void> {
  let dir = path.dirname(relFile);
  for (;;) {
    const own = path.join(top, dir, 'node_modules');
    const there = path.join(tree, dir, 'node_modules');
    const ownExists = await stat(own).then((s) => s.isDirectory(), () => false);
    const treeHasDir = await stat(path.join(tree, dir)).then((s) => s.isDirectory(), () => false);
    const taken = await lstat(there).then(() => true, () => false);
    if (ownExists && treeHasDir && !taken) await symlink(own, there, 'junction');
    if (dir === '.' || dir === '') break;
    dir = path.dirname(dir);
  }
}

export async function materialiseBase(choice: BaseChoice, files: readonly NewFile[], usedIds: readonly string[]): Promise<MaterialisedBase> {
  const flag = choice.kind === 'ref' ? `--base-ref ${choice.ref}` : `--base-dir ${choice.dir}`;
  const temps: string[] = [];
  const removeSync = (): void => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  };
  // A second Ctrl-C exits without unwinding: the tree still goes.
  process.on('exit', removeSync);
  const remove = async (): Promise<void> => {
    process.off('exit', removeSync);
    await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
  };
  try {
    const record: BaseClients = { ...(choice.kind === 'ref' ? { ref: choice.ref } : { dir: choice.dir }), pairs: [] };
    const trees = new Map<string, string>();
    const strategies: BaseStrategy[] = [];
    const notes: string[] = [];
    const taken = new Set(usedIds);
    for (const { file, ids } of files) {
      const real = await realpath(file);
      const git = await gitTop(real, flag);
      // Outside git, a --base-dir copy mirrors the current directory.
      const top = 'top' in git ? git.top : choice.kind === 'dir' ? await realpath(process.cwd()) : undefined;
      if (top === undefined) {
        const said = 'why' in git && git.why !== '' ? ` (git: ${git.why})` : '';
        throw new UsageError(`${flag}: ${file} is not in a git repository; measure a copy of the previous release with --base-dir DIR instead${said}`);
      }
      const rel = path.relative(top, real);
      if (rel.startsWith('..')) throw new UsageError(`${flag}: ${file} is outside ${top}; run from the repository that holds the strategy file`);
      let oldFile: string;
      if (choice.kind === 'ref') {
        const commit = await runTool('git', ['-C', top, 'rev-parse', '--verify', '--quiet', `${choice.ref}^{commit}`], flag);
        if (!commit.ok || commit.out === '') throw new UsageError(`--base-ref ${choice.ref}: no such commit in ${top}; give a tag, branch or commit of that repository (git tag, git log)`);
        const sha = commit.out;
        record.commit ??= sha;
        const gitPath = rel.split(path.sep).join('/');
        const present = await runTool('git', ['-C', top, 'cat-file', '-e', `${sha}:${gitPath}`], flag);
        if (!present.ok) throw new UsageError(`--base-ref ${choice.ref}: ${gitPath} does not exist at ${choice.ref} (${sha.slice(0, 12)}); the previous release must have the strategy file at the same path`);
        const key = `${top}\0${sha}`;
        let tree = trees.get(key);
        if (tree === undefined) {
          const into = await mkdtemp(path.join(os.tmpdir(), 'muxbench-base-'));
          temps.push(into);
          tree = await archive(top, sha, into, flag);
          trees.set(key, tree);
        }
        await linkNodeModules(top, tree, rel);
        oldFile = path.join(tree, rel);
      } else {
        const dir = path.resolve(choice.dir);
        if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`--base-dir ${choice.dir}: no such directory; give a copy of the repository at the previous release`);
        oldFile = path.join(dir, rel);
        if (!existsSync(oldFile)) throw new UsageError(`--base-dir ${choice.dir}: ${rel} is not there; the copy must hold the strategy file at the same path as the repository (${rel})`);
      }
      const old = await strategiesInFile(oldFile).catch((error: unknown) => {
        // Name the file as the user knows it, not by its temporary path.
        if (!(error instanceof RunError)) throw error;
        throw new RunError(error.code, `${flag}: ${error.message.replaceAll(oldFile, `the previous ${rel}`)}`, { cause: error });
      });
      for (const strategy of old) {
        if (!ids.includes(strategy.id)) {
          notes.push(`${flag}: the previous ${path.basename(file)} exports '${strategy.id}', which this one does not: not measured`);
          continue;
        }
        const id = baseId(strategy.id, choice);
        if (taken.has(id)) throw new UsageError(`${flag}: the previous version of '${strategy.id}' would be '${id}', which the run already has; rename that strategy`);
        taken.add(id);
        // Keep the prototype: a strategy may be a class instance whose open() lives there.
        const renamed = Object.assign(Object.create(Object.getPrototypeOf(strategy) as object) as Strategy, strategy, {
          id,
          label: `${strategy.label} (${choice.kind === 'ref' ? choice.ref : 'base'})`,
        });
        strategies.push({ strategy: renamed, file: oldFile, exportedId: strategy.id, next: strategy.id });
        record.pairs.push({ base: id, next: strategy.id });
      }
      for (const id of ids) {
        if (!old.some((s) => s.id === id)) notes.push(`${flag}: '${id}' has no previous version: measured, not compared`);
      }
    }
    if (strategies.length === 0) {
      throw new UsageError(`${flag}: the previous strategy files export none of this run's strategies (${files.flatMap((f) => f.ids).join(', ')}); nothing to compare`);
    }
    return { record, strategies, notes, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
