/**
 * The documentation holds together: every relative link in README.md, CONTRIBUTING.md and
 * docs/*.md points at a file that exists and, with `#anchor`, at a heading that exists
 * (GitHub's heading ids); the README stays a first screen (≤ 200 lines, a captured run's
 * table and verdicts in its first 40 lines) that still gives the two commands CI and users
 * rely on; and docs/architecture.md names every folder of src/ and no folder that is gone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (rel: string): string => readFileSync(path.join(root, rel), 'utf8');

const docFiles = ['README.md', 'CONTRIBUTING.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: string; n: number }[] {
  const out: { line: string; n: number }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(```+|~~~+)/.exec(line);
    if (m?.[1] !== undefined) {
      if (fence === undefined) fence = m[1].slice(0, 3);
      else if (m[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line, n: i + 1 });
  });
  return out;
}

/** GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m?.[1] === undefined) continue;
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  }
  return ids;
}

/** Every `[text](target)` outside code (fenced blocks and inline code spans). */
function links(text: string): { target: string; n: number }[] {
  const out: { target: string; n: number }[] = [];
  for (const { line, n } of proseLines(text)) {
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (m[1] !== undefined) out.push({ target: m[1], n });
    }
  }
  return out;
}

/** What is wrong with each relative link of `file` (empty when every one resolves). */
function brokenLinks(file: string, text: string, readTarget: (rel: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const { target, n } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [rawPath = '', anchor] = target.split('#');
    const rel = rawPath === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath)));
    const abs = path.join(root, rel);
    if (!existsSync(abs)) {
      broken.push(`${file}:${n}: ${target}: no such file ${rel}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(abs).isDirectory() || !rel.endsWith('.md')) {
      broken.push(`${file}:${n}: ${target}: an anchor into something that is not a Markdown file`);
      continue;
    }
    const body = rawPath === '' ? text : readTarget(rel);
    if (body === undefined || !headingIds(body).has(decodeURIComponent(anchor))) {
      broken.push(`${file}:${n}: ${target}: ${rel} has no heading #${anchor}`);
    }
  }
  return broken;
}

describe('links in the documentation', () => {
  it('each relative link points at an existing file and heading', () => {
    const broken = docFiles.flatMap((f) => brokenLinks(f, read(f), (rel) => (existsSync(path.join(root, rel)) ? read(rel) : undefined)));
    expect(broken).toEqual([]);
  });

  it('the checker itself catches a missing file, a missing heading and a good link', () => {
    // Against the real docs: a link the checker must accept, and two it must refuse.
    const text = '[ok](docs/faults.md) [ok2](#links) [gone](docs/no-such-page.md) [bad](docs/faults.md#no-such-heading)\n\n## Links\n';
    expect(brokenLinks('README.md', text, (rel) => read(rel))).toEqual([
      'README.md:1: docs/no-such-page.md: no such file docs/no-such-page.md',
      'README.md:1: docs/faults.md#no-such-heading: docs/faults.md has no heading #no-such-heading',
    ]);
    expect(headingIds('## `--rtt`: round trips through a relay\n## A\n## A\n```\n## not a heading\n```\n')).toEqual(new Set(['--rtt-round-trips-through-a-relay', 'a', 'a-1']));
  });
});

describe('pages the code points at', () => {
  it('every docs/<page>.md named in src/, bench/, test/ and .ci/ exists', () => {
    const files = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(`${dir}/${e.name}`) : /\.(ts|mjs|js)$|^run$/.test(e.name) ? [`${dir}/${e.name}`] : [],
      );
    const self = 'test/docs-links.test.ts'; // its fixtures name missing pages on purpose
    const named = ['src', 'bench', 'test', '.ci'].flatMap(files).filter((f) => f !== self).flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/([a-z0-9-]+\.md)/g)].map((m) => ({ f, page: `docs/${m[1] ?? ''}` })),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ page }) => !existsSync(path.join(root, page))).map(({ f, page }) => `${f}: ${page}`)).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = read('README.md');
  const lines = readme.split('\n');

  it('is at most 200 lines', () => {
    expect(lines.length).toBeLessThanOrEqual(200);
  });

  it('shows a captured run, its table and a verdict, in its first 40 lines', () => {
    const first = lines.slice(0, 40);
    // The terminal table's header row and a row of it, as src/report/ prints them.
    expect(first.some((l) => /│ strategy\s+│ protocol\s+│\s+conns │/.test(l))).toBe(true);
    expect(first.some((l) => /^│ [a-z0-9-]+\s+│ (h2|http\/1\.1)\s+│/.test(l))).toBe(true);
    // A verdict line: ✗ or ⚠, the strategy, the rule, the repetitions it fired in.
    expect(first.some((l) => /^\s+[✗⚠] [a-z0-9-]+ [a-z-]+ \(reps \d/.test(l))).toBe(true);
  });

  it('gives the one command that sets up and runs the main job, and the test command CI runs', () => {
    expect(readme).toContain('npm install && npm run bench');
    expect(readme).toMatch(/^npm test\b/m);
    // .ci/run runs the README's test command: it must be the same script.
    expect(read('.ci/run')).toMatch(/\bnpm test\b/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBeDefined();
    expect(pkg.scripts.bench).toBeDefined();
  });
});

describe('docs/architecture.md', () => {
  const arch = read('docs/architecture.md');
  const srcDirs = readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it('names every folder of src/', () => {
    expect(srcDirs.filter((d) => !arch.includes(`\`${d}/\``))).toEqual([]);
  });

  it('names no folder of src/ that is gone (the layout table)', () => {
    const table = proseLines(arch).map((l) => l.line).filter((l) => l.startsWith('| `'));
    const named = table.flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([a-z0-9-]+)\/`/g)].map((m) => m[1] ?? ''));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((d) => !srcDirs.includes(d))).toEqual([]);
  });
});
