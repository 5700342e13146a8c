/**
 * The option lines of a command's `--help`, made from the option table: the flag and its
 * value, the help line, and the range and default the validation uses. A command's help
 * module keeps its own prose around them.
 */
import { commandOptions, GROUPS, type CommandName, type Group, type OptionView } from './table.js';

/** Where the help line starts (as in the hand-written help before the table), and the width it wraps at. */
const COLUMN = 27;
const WIDTH = 100;

/** `--out <dir>`, `-o, --out <file>`, `-h, --help`. */
export function flagText(option: Pick<OptionView, 'name' | 'short' | 'value'>): string {
  return `${option.short !== undefined ? `-${option.short}, ` : ''}--${option.name}${option.value !== undefined ? ` ${option.value}` : ''}`;
}

/** What the help line ends with: the range the value must be in and the default, e.g. "(100-600000; default: 10000)". */
export function limitsText(option: Pick<OptionView, 'range' | 'default' | 'absent'>): string {
  const parts: string[] = [];
  if (option.range !== undefined) parts.push(`${option.range.min}-${option.range.max}`);
  const fallback = option.default ?? option.absent;
  if (fallback !== undefined) parts.push(`default: ${fallback}`);
  return parts.length > 0 ? `(${parts.join('; ')})` : '';
}

/** Words wrapped into lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** One option's lines: the flag, then its help line (its own '\n' kept) wrapped under column 27. */
export function optionLines(option: OptionView): string[] {
  const flag = `  ${flagText(option)}`;
  const limits = limitsText(option);
  const text = limits.length > 0 ? `${option.help} ${limits}` : option.help;
  const body = text.split('\n').flatMap((paragraph) => wrap(paragraph, WIDTH - COLUMN));
  const indent = ' '.repeat(COLUMN);
  if (flag.length >= COLUMN - 1) return [flag, ...body.map((l) => indent + l)];
  return [flag.padEnd(COLUMN) + (body[0] ?? ''), ...body.slice(1).map((l) => indent + l)];
}

/**
 * A command's option sections in the order of GROUPS, each under its title; `after` adds
 * prose at the end of a section (e.g. what happens without a flag).
 */
export function optionsHelp(command: CommandName, after: Partial<Record<Group, string>> = {}): string {
  const options = commandOptions(command);
  const sections: string[] = [];
  for (const group of Object.keys(GROUPS) as Group[]) {
    const mine = options.filter((o) => o.group === group);
    if (mine.length === 0) continue;
    const extra = after[group];
    sections.push([GROUPS[group], ...mine.flatMap(optionLines), ...(extra !== undefined ? [extra] : [])].join('\n'));
  }
  return sections.join('\n\n');
}
