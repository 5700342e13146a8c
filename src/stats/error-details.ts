/**
 * Per error code, how many requests failed with it and what they said: the first few
 * distinct messages (a code such as TypeError alone does not tell a user that
 * `baseURL.slice is not a function`), and with --debug the first stack. Kept in the
 * worker as requests fail, sent with its reply, and merged over the repetitions of an
 * aggregate. Bounded: a run of a million failures keeps 3 messages per code.
 */
import type { ErrorDetail, ErrorDetails } from '../results.js';
import { definedOnly } from '../defined.js';

/** Distinct messages kept per code. */
export const MAX_MESSAGES = 3;
/** A message longer than this is cut (with …): a note stays a line, a stack is in `stack`. */
export const MAX_MESSAGE_CHARS = 240;
/** A stack is cut after this many characters (about 20 frames). */
export const MAX_STACK_CHARS = 4000;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Collects the details of one case's failures, in the order the codes first occurred. */
export class ErrorSampler {
  private readonly byCode = new Map<string, ErrorDetail>();

  constructor(private readonly keepStack = false) {}

  /** One failed request. `message` as errorMessage() gives it; `error` is read for its stack only with keepStack. */
  record(code: string, message: string, error?: unknown): void {
    let detail = this.byCode.get(code);
    if (detail === undefined) {
      detail = { count: 0, messages: [] };
      if (this.keepStack && error instanceof Error && typeof error.stack === 'string') detail.stack = truncate(error.stack, MAX_STACK_CHARS);
      this.byCode.set(code, detail);
    }
    detail.count += 1;
    if (detail.messages.length < MAX_MESSAGES && message !== '') {
      const text = truncate(message, MAX_MESSAGE_CHARS);
      if (!detail.messages.includes(text)) detail.messages.push(text);
    }
  }

  /** undefined when nothing failed (the results field is then left out). */
  details(): ErrorDetails | undefined {
    if (this.byCode.size === 0) return undefined;
    return Object.fromEntries([...this.byCode].map(([code, d]) => [code, { count: d.count, messages: [...d.messages], ...definedOnly({ stack: d.stack }) }]));
  }
}

/** The details of several runs as one: counts summed, the first distinct messages over all of them, the first stack. */
export function mergeErrorDetails(all: ReadonlyArray<ErrorDetails | undefined>): ErrorDetails | undefined {
  const merged = new Map<string, ErrorDetail>();
  for (const details of all) {
    for (const [code, d] of Object.entries(details ?? {})) {
      const into = merged.get(code) ?? { count: 0, messages: [] };
      merged.set(code, into);
      into.count += d.count;
      for (const m of d.messages) if (into.messages.length < MAX_MESSAGES && !into.messages.includes(m)) into.messages.push(m);
      if (into.stack === undefined && d.stack !== undefined) into.stack = d.stack;
    }
  }
  return merged.size === 0 ? undefined : Object.fromEntries(merged);
}

/** The first failure's code and message (codes are kept in the order they first occurred); undefined when none is kept. */
export function firstError(details: ErrorDetails | undefined): { code: string; message: string } | undefined {
  for (const [code, d] of Object.entries(details ?? {})) {
    const message = d.messages[0];
    if (message !== undefined) return { code, message };
  }
  return undefined;
}
