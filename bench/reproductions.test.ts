/**
 * docs/reproductions.md and `npm run reproductions` list the same threads with the same
 * commands, and every command the script runs today is a valid `muxbench run` on this
 * branch (the "needs …" ones wait for their feature and are marked so in both).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlags, runConfig, runOptions } from '../src/config.js';
import { REPRODUCTIONS } from './reproductions-list.js';

const doc = readFileSync(new URL('../docs/reproductions.md', import.meta.url), 'utf8');
const rows = doc.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| thread') && !line.startsWith('| ---'));

describe('reproductions', () => {
  it('has one document row per entry, in the same order, each with its command', () => {
    expect(rows).toHaveLength(REPRODUCTIONS.length);
    REPRODUCTIONS.forEach((entry, i) => {
      const row = rows[i] ?? '';
      expect(row.startsWith(`| ${entry.thread.split(',')[0]}`), row).toBe(true);
      expect(row).toContain(`\`muxbench ${entry.args.join(' ')}\``);
      expect(/\| needs /.test(row), row).toBe(entry.needs !== undefined);
    });
  });

  it('gives the date and the load average of the run the table comes from', () => {
    expect(doc).toMatch(/^Last run: \d{4}-\d{2}-\d{2}, .+; load average [\d.]+ at the start, [\d.]+ at the end on \d+ cores\.$/m);
  });

  it.each(REPRODUCTIONS.filter((e) => e.needs === undefined).map((e) => [e.thread, e.args] as const))('%s: the command is a valid muxbench run', (_thread, args) => {
    const [command, ...flags] = args;
    expect(command).toBe('run');
    expect(() => runConfig(parseFlags(flags, runOptions).values)).not.toThrow();
  });
});
