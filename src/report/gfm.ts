/**
 * A GitHub-flavoured Markdown table: a header row, the alignment row, one row per
 * entry, every cell escaped. (A small helper for the Markdown summary; markdown.ts
 * builds its own rows the same way.)
 */
import { escapeCell } from './markdown.js';

export function gfmTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${head.map((_, i) => (align[i] === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [row(head), rule, ...rows.map(row)];
}

/** Inline code that survives backticks in the text (CommonMark: a longer fence, padded). */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ` ${text} ` : text}${fence}`;
}
