/**
 * --node × --with → variants. Repeated --with values for different libraries make one
 * set (`--with undici@7 --with got@14.6.6`); values for the same library make one
 * variant each (`--with undici@7 --with undici@8`); `project` is a set of its own (the
 * libraries in the current directory's node_modules, the versions a team ships).
 */
import path from 'node:path';
import type { Progress } from './cache.js';
import { defaultLibrarySpecs, inspectLibraries, installLibraries, parseWith, type LibraryChoice } from './libraries.js';
import { resolveNode, type NodeRuntime } from './node-runtime.js';
import type { Variant } from './types.js';
import { definedOnly } from '../defined.js';

export interface RuntimeSelection {
  /** --node entries (not given: the option table's default, the newest LTS line). */
  nodes: string[];
  /** --with values, as given. */
  with: string[];
}

export type LibrarySet = { kind: 'project' } | { kind: 'specs'; overrides: Record<string, string> };

export function librarySets(choices: readonly LibraryChoice[]): LibrarySet[] {
  const byName = new Map<string, string[]>();
  let project = false;
  for (const choice of choices) {
    if (choice.kind === 'project') project = true;
    else byName.set(choice.name, [...new Set([...(byName.get(choice.name) ?? []), choice.spec])]);
  }
  let sets: Array<Record<string, string>> = [{}];
  for (const [name, specs] of byName) sets = sets.flatMap((set) => specs.map((spec) => ({ ...set, [name]: spec })));
  const specSets: LibrarySet[] = byName.size > 0 || !project ? sets.map((overrides) => ({ kind: 'specs', overrides })) : [];
  return [...(project ? [{ kind: 'project' } as const] : []), ...specSets];
}

async function variantFor(node: NodeRuntime, set: LibrarySet, progress: Progress): Promise<Variant> {
  if (set.kind === 'project') {
    const dir = process.cwd();
    const { packages, skipReason } = inspectLibraries(dir, node);
    return { id: `${node.id}+project`, node, librariesDir: dir, packages, ...definedOnly({ skipReason }) };
  }
  const specs: Record<string, string> = { ...defaultLibrarySpecs(node.version), ...set.overrides };
  // got 14's HTTP/2 is http2-wrapper (got-h2 closes its global agent): a got 14 chosen on a
  // newer runtime gets it too, and a got 15+ chosen on Node 20 does not need it.
  const legacyGot = /^got@1[0-4](\.|$)/.test(specs.got ?? '');
  if (legacyGot) specs['http2-wrapper'] ??= 'http2-wrapper@2';
  else if (set.overrides['http2-wrapper'] === undefined) delete specs['http2-wrapper'];
  const dir = await installLibraries(Object.values(specs), progress);
  const { packages, skipReason } = inspectLibraries(dir, node);
  const suffix = Object.keys(set.overrides)
    .sort()
    .map((name) => `+${name}@${packages[name] ?? set.overrides[name]}`)
    .join('');
  return { id: `${node.id}${suffix}`, node, librariesDir: dir, packages, ...definedOnly({ skipReason }) };
}

export async function resolveVariants(selection: RuntimeSelection, progress: Progress): Promise<Variant[]> {
  const choices = selection.with.map(parseWith);
  const sets = librarySets(choices);
  const nodes: NodeRuntime[] = [];
  for (const entry of selection.nodes) {
    const node = await resolveNode(entry, progress);
    // `lts` and `26` are the same runtime: measure it once.
    if (!nodes.some((n) => n.id === node.id || path.resolve(n.bin) === path.resolve(node.bin))) nodes.push(node);
  }
  const variants: Variant[] = [];
  for (const node of nodes) {
    // Bun and Deno run the harness with their own fetch and node:http2: no library set.
    if (node.engine !== undefined) variants.push({ id: node.id, node, librariesDir: path.dirname(node.bin), packages: {} });
    else for (const set of sets) variants.push(await variantFor(node, set, progress));
  }
  return variants;
}

/** "node26 = Node v26.10.0 with undici 8.13.1, got 16.1.0" */
export function describeVariant(variant: Variant): string {
  const engine = variant.node.engine;
  if (engine !== undefined) {
    return `${variant.id} = ${engine === 'bun' ? 'Bun' : 'Deno'} ${variant.node.version} (its own fetch and node:http2, run by a harness; counts from the server's ledger)`;
  }
  const libs = Object.entries(variant.packages).map(([name, version]) => `${name} ${version}`).join(', ');
  return `${variant.id} = Node v${variant.node.version}${libs ? ` with ${libs}` : ''}${variant.skipReason ? ` (skipped: ${variant.skipReason})` : ''}`;
}
