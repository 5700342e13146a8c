/** Every MUXBENCH_* code in the code is in ERROR_CODES (src/errors.ts), and every listed code is used. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

const srcDir = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Quoted MUXBENCH_* literals, except environment variable names (`overrideVar: 'MUXBENCH_NGINX'`). */
function codesIn(text: string): string[] {
  return [...text.matchAll(/(overrideVar:\s*)?'(MUXBENCH_[A-Z0-9_]+)'/g)].filter((m) => m[1] === undefined).map((m) => m[2]!);
}

describe('error codes', () => {
  const files = sourceFiles(srcDir).filter((f) => path.basename(f) !== 'errors.ts');
  const used = new Map<string, string>();
  for (const file of files) for (const code of codesIn(readFileSync(file, 'utf8'))) used.set(code, path.relative(srcDir, file));

  it('finds the codes in the code (the scan sees the throw sites)', () => {
    expect(used.get('MUXBENCH_STRATEGY_FILE')).toBe(path.join('run', 'load-strategy.ts'));
    expect(used.size).toBeGreaterThan(10);
  });

  it('lists every code the code uses', () => {
    const unlisted = [...used].filter(([code]) => !(code in ERROR_CODES)).map(([code, file]) => `${code} (${file})`);
    expect(unlisted).toEqual([]);
  });

  it('uses every code it lists (MUXBENCH_USAGE is UsageError\'s own)', () => {
    const unused = Object.keys(ERROR_CODES).filter((code) => code !== 'MUXBENCH_USAGE' && !used.has(code));
    expect(unused).toEqual([]);
  });

  it('says what each code means', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) expect(meaning.length, code).toBeGreaterThan(10);
  });
});
