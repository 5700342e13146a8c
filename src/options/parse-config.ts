/**
 * Each command's parseArgs configuration, made from the option table: the option names a
 * command takes, string or boolean, repeatable or not, and the short letters. Typed from
 * the table, so a command's parsed flags have exactly its options' names and value types.
 */
import { optionView, OPTIONS, type CommandName, type Group, type OptionName } from './table.js';

type Table = typeof OPTIONS;

/** The table's options that `command` takes. */
type NamesOf<C extends CommandName> = { [K in OptionName]: C extends Table[K]['commands'][number] ? K : never }[OptionName];

export type ParseOptionsOf<C extends CommandName> = {
  [K in NamesOf<C>]: { type: Table[K]['type']; multiple: Table[K] extends { multiple: true } ? true : false; short?: string };
};

export function parseOptions<C extends CommandName>(command: C): ParseOptionsOf<C> {
  const out: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = {};
  for (const name of Object.keys(OPTIONS)) {
    if (!(OPTIONS[name as OptionName].commands as readonly string[]).includes(command)) continue;
    const view = optionView(name, command);
    out[name] = { type: view.type, multiple: view.multiple, ...(view.short !== undefined ? { short: view.short } : {}) };
  }
  return out as ParseOptionsOf<C>;
}

/** The names of one help section's options, e.g. the server behaviours. */
export type GroupNames<G extends Group> = { [K in OptionName]: Table[K]['group'] extends G ? K : never }[OptionName];

export function groupNames<G extends Group>(group: G): Array<GroupNames<G>> {
  return (Object.keys(OPTIONS) as OptionName[]).filter((name) => OPTIONS[name].group === group) as Array<GroupNames<G>>;
}
