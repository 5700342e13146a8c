/**
 * `--client-cmd '<command>'`: the command line of an external client, split into words
 * the way a shell splits them (single and double quotes, backslash escapes) but run
 * without a shell, so a CA path with a space stays one argument and nothing is globbed
 * or expanded. Pipes, redirections, `;`, `&&` and `$(…)` need a shell: write
 * `sh -c '…'` yourself (the substitutions still apply inside it).
 *
 * Substitutions, filled into each word after splitting: {origin} {url} {ca} {cert} {key}
 * {concurrency} {host} {port}, and with --request-bytes {body} (a file holding the body
 * every request must POST) and {bytes} (its size); the same values go to the environment
 * as MUXBENCH_*.
 */
import { UsageError } from '../errors.js';
// The type lives with the runner kinds (run/runner-kind.ts): the runner below names it, this module parses it.
import type { ClientCommand } from '../runner-kinds/runner-kind.js';

export type { ClientCommand };

export const SUBSTITUTIONS = ['origin', 'url', 'ca', 'cert', 'key', 'concurrency', 'host', 'port', 'body', 'bytes'] as const;
export type Substitution = (typeof SUBSTITUTIONS)[number];
export type SubstitutionValues = Record<Substitution, string | undefined>;

/** Shell-like word splitting; throws UsageError on unbalanced quotes and on shell operators. */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const operators: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else if (ch === '$' || ch === '`') operators.push(ch);
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '\\' && i + 1 < text.length) word += text[++i];
      else {
        // Globs (`*`, `[1-20]`) stay literal, as curl's own URL globbing wants them.
        if ('$`;|&<>'.includes(ch)) operators.push(ch);
        word += ch;
      }
    }
  }
  if (quote !== undefined) throw new UsageError(`--client-cmd has an unclosed ${quote} quote: ${text}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError('--client-cmd needs a command, e.g. --client-cmd \'curl --http2 --cacert {ca} {url}\'');
  const op = operators[0];
  if (op !== undefined) {
    throw new UsageError(`--client-cmd runs without a shell, so '${op}' would not do what it does in one; write --client-cmd "sh -c '…'" to use a shell`);
  }
  return words;
}

/** Fill the placeholders of every word; a placeholder with no value is a usage error that says what to add. */
export function substitute(words: readonly string[], values: SubstitutionValues): string[] {
  return words.map((word) =>
    word.replace(/\{([a-z]+)\}/g, (whole, name: string) => {
      if (!(SUBSTITUTIONS as readonly string[]).includes(name)) return whole;
      const value = values[name as Substitution];
      if (value === undefined) {
        if (name === 'body' || name === 'bytes') throw new UsageError(`--client-cmd uses {${name}}, but the run sends no request body: add --request-bytes <n>`);
        throw new UsageError(`--client-cmd uses {${name}}, but this target has no client ${name === 'cert' ? 'certificate' : 'key'}: add --mtls`);
      }
      return value;
    }),
  );
}

/** MUXBENCH_ORIGIN, MUXBENCH_URL, … for programs that read their configuration from the environment. */
export function substitutionEnv(values: SubstitutionValues): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of SUBSTITUTIONS) {
    const value = values[name];
    if (value !== undefined) env[`MUXBENCH_${name.toUpperCase()}`] = value;
  }
  return env;
}

/** --client-cmd (repeatable) with --client-id (one per command, in order, or none). */
export function clientCommands(texts: readonly string[], ids: readonly string[]): ClientCommand[] {
  if (ids.length > 0 && ids.length !== texts.length) {
    throw new UsageError(`--client-id was given ${ids.length} time${ids.length === 1 ? '' : 's'} for ${texts.length} --client-cmd: give one per command, in the same order, or none`);
  }
  const commands = texts.map((text, i) => {
    const words = splitCommand(text);
    const program = (words[0] ?? 'client').split('/').at(-1) ?? 'client';
    const id = ids[i] ?? program;
    if (!/^[\w.@+-]+$/.test(id)) throw new UsageError(`--client-id '${id}': use letters, digits, '.', '-', '_' only`);
    return { id, text, words };
  });
  // Two commands of the same program: number them so every row has its own id.
  const seen = new Map<string, number>();
  for (const c of commands) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
  const nth = new Map<string, number>();
  return commands.map((c) => {
    if ((seen.get(c.id) ?? 0) < 2) return c;
    if (ids.length > 0) throw new UsageError(`--client-id '${c.id}' is given twice: each command needs its own id`);
    const n = (nth.get(c.id) ?? 0) + 1;
    nth.set(c.id, n);
    return { ...c, id: `${c.id}-${n}` };
  });
}
