/**
 * Progress for `muxbench run`: a one-line bar on a terminal, for runs that last more than
 * a few seconds; nothing when stderr is piped, in CI, or with --quiet/--json, so logs and
 * captured output hold only the results. Cases that could not run are printed above the
 * bar as they happen, since a long run should not hide a failure until the end.
 */
import type { CaseResult } from '../results.js';
import type { RunEvent } from '../run/runner.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  quiet: boolean;
  env?: NodeJS.ProcessEnv;
  /** The bar appears only once the run has lasted this long (default 2 s). */
  showAfterMs?: number;
  now?: () => number;
}

export interface Progress {
  onEvent(event: RunEvent): void;
  /** Clears the bar; call when the run ends (also on failure). */
  finish(): void;
  readonly enabled: boolean;
}

/** Whether a bar may be drawn at all: a terminal, not CI, not quiet. */
export function progressEnabled(stream: ProgressStream, quiet: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !quiet && stream.isTTY === true && !env.CI;
}

export interface ProgressState {
  done: number;
  total: number;
  current: string;
  elapsedMs: number;
}

/** "[#######.........] 12/63 sweep-c30 undici-h2 #1 · 14 s, ~40 s left", cut to `width`. */
export function progressLine(state: ProgressState, width: number): string {
  const barWidth = 20;
  const filled = state.total > 0 ? Math.round((state.done / state.total) * barWidth) : 0;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
  const elapsed = Math.round(state.elapsedMs / 1000);
  const left = state.done > 0 ? Math.round(((state.total - state.done) * state.elapsedMs) / state.done / 1000) : undefined;
  const time = left === undefined ? `${elapsed} s` : `${elapsed} s, ~${left} s left`;
  const line = `${bar} ${state.done}/${state.total} ${state.current} · ${time}`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + '…' : line;
}

function failureLine(r: CaseResult): string | undefined {
  if (r.status !== 'error') return undefined;
  return `✗ ${r.scenario} ${r.strategy} #${r.repetition + 1}: ${r.error?.code ?? ''} ${r.error?.message ?? ''}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream } = options;
  const enabled = progressEnabled(stream, options.quiet, options.env);
  const now = options.now ?? (() => performance.now());
  const showAfterMs = options.showAfterMs ?? 2000;
  const started = now();
  const state: ProgressState = { done: 0, total: 0, current: '', elapsedMs: 0 };
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;
  const clear = (): void => {
    if (drawn) stream.write('\r\u001b[K');
    drawn = false;
  };
  const draw = (): void => {
    state.elapsedMs = now() - started;
    if (state.elapsedMs < showAfterMs) return;
    stream.write(`\r\u001b[K${progressLine(state, stream.columns !== undefined && stream.columns >= 40 ? stream.columns : 80)}`);
    drawn = true;
  };
  return {
    enabled,
    onEvent(event) {
      if (!enabled) return;
      timer ??= setInterval(draw, 1000).unref();
      switch (event.type) {
        case 'case-start':
          state.total = event.total;
          state.current = `${event.planned.scenario.id} ${event.planned.strategy.id} #${event.planned.repetition + 1}`;
          draw();
          break;
        case 'case-done': {
          state.done = event.index + 1;
          const failure = failureLine(event.result);
          if (failure) {
            clear();
            stream.write(`${failure}\n`);
          }
          draw();
          break;
        }
        case 'written':
          break;
        default: {
          const exhaustive: never = event;
          throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
        }
      }
    },
    finish() {
      if (timer) clearInterval(timer);
      timer = undefined;
      clear();
    },
  };
}
