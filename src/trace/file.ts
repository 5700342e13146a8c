/** --trace-file: every request's events of a run, one JSON object per line, appended case by case. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { RunError } from '../errors.js';
import type { CaseResult } from '../results.js';
import type { CaseTrace } from './collector.js';
import { toNdjson, traceEvents } from './events.js';

export interface TraceFileWriter {
  write(trace: CaseTrace, result: CaseResult): Promise<void>;
  close(): Promise<void>;
}

export async function openTraceFile(path: string): Promise<TraceFileWriter> {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new RunError('MUXBENCH_TRACE_FILE', `cannot write the trace file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return {
    async write(trace, result) {
      const text = toNdjson(traceEvents(trace, { scenario: result.scenario, strategy: result.strategy, repetition: result.repetition }));
      if (!stream.write(text)) await once(stream, 'drain');
    },
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
