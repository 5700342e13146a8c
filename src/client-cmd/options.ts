/**
 * The external-client options of run, verify and trace, validated once: --client-cmd
 * (repeatable), --client-id, --client-timeout (seconds) and --intent (what the client
 * should do); their defaults and bounds are the option table's (options/table.ts).
 */
import { UsageError } from '../errors.js';
import { numberDefault, optionChoices, optionRange, stringDefault } from '../options/table.js';
import type { StrategyInfo } from '../results.js';
import type { TargetChoice } from '../targets/choice.js';
import { clientCommands, type ClientCommand } from './command.js';

export interface ClientsConfig {
  commands: ClientCommand[];
  timeoutMs: number;
  intent: StrategyInfo['intent'];
}

interface ClientValues {
  'client-cmd'?: string[] | undefined;
  'client-id'?: string[] | undefined;
  'client-timeout'?: string | undefined;
  intent?: string | undefined;
}


/** undefined when no --client-cmd was given (and then none of the other client options may be). */
export function clientsConfig(values: ClientValues, target: TargetChoice): ClientsConfig | undefined {
  const texts = values['client-cmd'] ?? [];
  if (texts.length === 0) {
    const stray = (['client-id', 'client-timeout', 'intent'] as const).find((name) => values[name] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies to --client-cmd: add --client-cmd '<command>'`);
    return undefined;
  }
  if (target.kind === 'url') {
    throw new UsageError('--client-cmd is judged from the server\'s own ledger, which only --target local and --target nginx keep; drop --url');
  }
  const commands = clientCommands(texts, values['client-id'] ?? []);
  if (!target.mtls) {
    const uses = commands.find((c) => /\{(cert|key)\}/.test(c.text));
    if (uses) throw new UsageError(`--client-cmd uses {cert}/{key}, but the target asks for no client certificate: add --mtls`);
  }
  const raw = values['client-timeout'];
  let timeoutS = numberDefault('client-timeout', 'run');
  if (raw !== undefined) {
    const { min, max } = optionRange('client-timeout');
    timeoutS = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || timeoutS < min || timeoutS > max) {
      throw new UsageError(`--client-timeout must be seconds from ${min} to ${max}, got '${raw}'`);
    }
  }
  const intent = values.intent ?? stringDefault('intent', 'run');
  const intents = optionChoices('intent');
  if (!intents.includes(intent)) {
    throw new UsageError(`--intent must be one of ${intents.join(', ')}, got '${intent}'`);
  }
  return { commands, timeoutMs: Math.round(timeoutS * 1000), intent: intent as StrategyInfo['intent'] };
}
