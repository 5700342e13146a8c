/**
 * The option table is the one place an option's type, default, range and help line live:
 * every command parses, validates and prints its help from it, and no second copy of a
 * default stands anywhere else in src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { compareOptions, parseFlags, reportOptions, runConfig, runOptions } from '../config.js';
import { traceConfig, traceOptions, verifyConfig, verifyOptions } from '../config-diagnose.js';
import { mergeOptions } from '../commands/merge.js';
import { runtimesOptions } from '../commands/runtimes.js';
import { serveConfig, serveOptions } from '../commands/serve.js';
import { UsageError } from '../errors.js';
import { flagText, limitsText } from './help.js';
import { commandOptions, OPTIONS, type CommandName, type OptionSpec } from './table.js';

const COMMANDS: readonly CommandName[] = ['run', 'verify', 'trace', 'serve', 'compare', 'report', 'merge', 'runtimes'];
const SRC = fileURLToPath(new URL('..', import.meta.url));
const TABLE = fileURLToPath(new URL('./table.ts', import.meta.url));

async function help(command: CommandName): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
  expect(code).toBe(0);
  return out;
}

describe('the option table', () => {
  it('gives every option of every command a help line, a type and at least one command', () => {
    for (const [name, spec] of Object.entries(OPTIONS as Record<string, OptionSpec>)) {
      expect(spec.commands.length, name).toBeGreaterThan(0);
      expect(/^[a-z][a-z0-9-]*$/.test(name), name).toBe(true);
      for (const command of spec.commands) {
        const view = commandOptions(command).find((o) => o.name === name);
        expect(view?.help.trim().length ?? 0, `${command} --${name}`).toBeGreaterThan(0);
        // A string option says what its value is; a boolean takes none.
        expect(view?.value !== undefined, `${command} --${name}'s placeholder`).toBe(spec.type === 'string');
      }
      if (spec.range) expect(spec.range.min, name).toBeLessThan(spec.range.max);
      if (spec.choices && typeof spec.default === 'string') expect(spec.choices, name).toContain(spec.default);
    }
  });

  it("is each command's parser configuration, option for option", () => {
    const parsers: Record<CommandName, object> = {
      run: runOptions,
      verify: verifyOptions,
      trace: traceOptions,
      serve: serveOptions,
      compare: compareOptions,
      report: reportOptions,
      merge: mergeOptions,
      runtimes: runtimesOptions,
    };
    for (const command of COMMANDS) {
      expect(Object.keys(parsers[command]).sort(), command).toEqual(commandOptions(command).map((o) => o.name).sort());
    }
    expect(parseFlags(['-o', 'x.json'], mergeOptions).values.out).toBe('x.json');
    expect(() => parseFlags(['-o', 'x'], runOptions)).toThrow(/unknown option '-o'/);
  });
});

describe('--help of every command is made from the table', () => {
  it.each(COMMANDS)('muxbench %s --help prints every option of the table for it, with its range and default', async (command) => {
    const text = await help(command);
    const lines = text.split('\n');
    for (const option of commandOptions(command)) {
      const at = lines.findIndex((l) => l.startsWith(`  ${flagText(option)}`));
      expect(at, `${command} --help: no line for ${flagText(option)}`).toBeGreaterThanOrEqual(0);
      // The option's own lines: up to the next option or section.
      const own = [lines[at]!, ...lines.slice(at + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => l.startsWith('     ')))].join(' ');
      const words = (s: string) => s.replace(/\s+/g, ' ');
      expect(words(own), `${command} --${option.name}`).toContain(words(option.help.split('\n')[0]!.split(' ').slice(0, 4).join(' ')));
      const limits = limitsText(option);
      if (limits !== '') expect(words(own), `${command} --${option.name}'s range and default`).toContain(words(limits));
    }
  });
});

describe('no option line is written by hand', () => {
  /** An option line as help prints it: the flag (and its value) in the first column, two spaces, its help. */
  const optionLine = /^ {2}(-\w, )?--[a-z][\w-]*( [<'][^\s]*)?\s{2,}\S/;

  it('the help modules of src/commands/ have none', () => {
    const dir = path.join(SRC, 'commands');
    const modules = readdirSync(dir).filter((f) => /^help.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(modules.length).toBeGreaterThanOrEqual(5);
    const written = modules.flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => optionLine.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(written).toEqual([]);
  });

  it('the pattern is the shape of the lines the table prints', async () => {
    const printed = (await help('trace')).split('\n').filter((line) => optionLine.test(line));
    expect(printed.length).toBeGreaterThanOrEqual(commandOptions('trace').length - 3);
  });
});

/** Every .ts file under src/ that is not a test, and not the table. */
function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== TABLE ? [file] : [];
  });
}

/** A number as code or prose writes it: 10000, 10_000, 10 000. */
const numberPattern = (n: number): string => `(?<![\\w.])${[...String(n)].join('[_ ]?')}(?![\\w.])`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A line with its string literals emptied: what is left is code. */
const codeOf = (line: string): string => line.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");

/**
 * Places outside the table that write an option's default again. Near a line that names
 * the option (--name, 'name', `name`, values.name; that line and the next two): the default after
 * the word "default" (help text, comments) or after ?? or || (a fallback in code); and on a
 * line of code that names the option as 'name', the default as a literal of the code (an
 * argument, as in integer('request-timeout', raw, 10_000, …)).
 */
export function defaultCopies(files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const [name, spec] of Object.entries(OPTIONS as Record<string, OptionSpec>)) {
    const defaults = new Set<number | string>();
    for (const command of spec.commands) {
      const own = commandOptions(command).find((o) => o.name === name)?.default;
      if (own !== undefined) defaults.add(own);
    }
    const mention = new RegExp(`--${escape(name)}\\b|['"\`]${escape(name)}['"\`]|values\\.${escape(name)}\\b`);
    const quoted = new RegExp(`['"]${escape(name)}['"]`);
    for (const value of defaults) {
      const literal = typeof value === 'number' ? numberPattern(value) : `['"\`]${escape(value)}['"\`]`;
      const text = typeof value === 'number' ? numberPattern(value) : `${escape(value)}(?![\\w-])`;
      const near = new RegExp(`\\bdefaults?(?: is| to)?:?\\s+${text}|(?:\\?\\?|\\|\\|)\\s*${literal}`, 'i');
      const inCode = typeof value === 'number' ? new RegExp(numberPattern(value)) : undefined;
      for (const { file, text: source } of files) {
        const lines = source.split('\n');
        lines.forEach((line, i) => {
          if (!mention.test(line)) return;
          const window = lines.slice(i, i + 3).join('\n');
          const code = inCode !== undefined && quoted.test(line) && inCode.test(codeOf(line));
          if (near.test(window) || code) found.push(`${path.relative(SRC, file)}:${i + 1}: --${name}'s default ${JSON.stringify(value)} written again`);
        });
      }
    }
  }
  return found;
}

describe('each default is written once, in the table', () => {
  it('no file under src/ writes an option together with its default', () => {
    const files = sources().map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(defaultCopies(files)).toEqual([]);
  });

  it('the check finds the copies it is there for (in code and in help text)', () => {
    const planted = [
      { file: path.join(SRC, 'config.ts'), text: "  return integer('request-timeout', raw, 10_000, 100, 600_000);" },
      { file: path.join(SRC, 'commands/help.ts'), text: '  --request-timeout <ms>   per request, then it is aborted\n                           and counted as failed (default: 10000);' },
      { file: path.join(SRC, 'config-diagnose.ts'), text: "  const ids = idList('scenario', values.scenario ?? 'burst', known);" },
      { file: path.join(SRC, 'commands/serve.ts'), text: "    idleMs: integer('idle', str(values.idle), 1000, 50, 600_000)," },
    ];
    expect(defaultCopies(planted).sort()).toEqual([
      "commands/help.ts:1: --request-timeout's default 10000 written again",
      "commands/serve.ts:1: --idle's default 1000 written again",
      "config-diagnose.ts:1: --scenario's default \"burst\" written again",
      "config.ts:1: --request-timeout's default 10000 written again",
    ]);
    // Values of the option that are not its default, and the default in a message, are no copies.
    expect(defaultCopies([{ file: path.join(SRC, 'x.ts'), text: "if (entry === 'lts') return; // --node lts\nthrow new UsageError('--request-timeout must be from 100 to 600000, got 10000');" }])).toEqual([]);
  });
});

/** Each command's validation, fed flags as the CLI parses them. */
const validate: Partial<Record<CommandName, (args: string[]) => unknown>> = {
  run: (args) => runConfig(parseFlags(['--no-write', ...args], runOptions).values),
  verify: (args) => verifyConfig(parseFlags(args, verifyOptions).values),
  trace: (args) => traceConfig(parseFlags(args, traceOptions).values),
  serve: (args) => serveConfig(parseFlags(args, serveOptions).values),
};
/** What an option needs beside it to be read at all. */
const companions: Record<string, string[]> = {
  'max-time': ['--precision', '3%'],
  rate: ['--duration', '1'],
  'rtt-jitter': ['--rtt', '20'],
  'client-timeout': ['--client-cmd', 'true'],
  // --rtt 0 alone adds no delay, refused on its own.
  rtt: ['--rtt-jitter', '1'],
};

function usageError(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.message;
  }
}

describe('the validation checks the ranges of the table', () => {
  const cases = COMMANDS.flatMap((command) =>
    commandOptions(command)
      .filter((o) => o.range !== undefined && validate[command] !== undefined)
      .map((o) => [command, o.name, o.range!] as const),
  );

  it('covers every option with a range', () => {
    const ranged = Object.entries(OPTIONS as Record<string, OptionSpec>).filter(([, s]) => s.range).map(([n]) => n);
    expect(new Set(cases.map(([, name]) => name))).toEqual(new Set(ranged));
  });

  it.each(cases)('%s --%s: takes its bounds, refuses one past each in one line naming them', (command, name, { min, max }) => {
    const check = (value: number) => usageError(() => validate[command]!([`--${name}=${value}`, ...(companions[name] ?? [])]));
    expect(check(min), `${min}`).toBeUndefined();
    expect(check(max), `${max}`).toBeUndefined();
    const step = Number.isInteger(min) ? 1 : min / 2;
    const refused: Array<[number, number]> = [[max + step, max], ...(min > 0 ? [[min - step, min] as [number, number]] : [])];
    for (const [value, bound] of refused) {
      const message = check(value);
      expect(message, `--${name}=${value}`).toMatch(new RegExp(`^--${name} .*(?<![\\d.])${escape(String(bound))}(?![\\d.])`));
      expect(message).not.toContain('\n');
    }
  });
});
