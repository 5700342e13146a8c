/**
 * GitHub-flavoured Markdown pieces: every Markdown table of every report goes through
 * gfmTable (a header row, the alignment row, one row per entry, every cell escaped), so a
 * `|` or a newline in a strategy label or an error message cannot break a table.
 */

/** `|` would end a GFM table cell, and a newline would end the row. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

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
