/**
 * `muxbench trace`: runs the scenario (seed by default) once per strategy with tracing
 * on and prints, per strategy, the timeline of its first rounds: which connection every
 * request got, who waited for whose handshake, and where the handshakes happened.
 */
import type { TraceConfig } from '../config-diagnose.js';
import type { CaseResult, Results } from '../results.js';
import type { CaseTrace } from '../trace/collector.js';
import { renderTimeline } from '../trace/timeline.js';
import { runCommand, type RunIo } from './run.js';
import { clientLines } from '../client-cmd/render.js';
import { RUN_OUTPUTS_WITHOUT_TABLE } from '../pipeline/outputs.js';
import { describeErrors, errorStackLines } from '../report/describe.js';

function heading(results: Results, result: CaseResult): string {
  const s = results.strategies.find((x) => x.id === result.strategy);
  const c = result.connections;
  const what = `${c.opened} connection${c.opened === 1 ? '' : 's'}, ${c.tlsFull} full + ${c.tlsResumed} resumed TLS handshakes, ${result.requests.total} requests (${result.requests.failed} failed)`;
  return `== ${result.strategy}${s ? ` — ${s.label} (${s.intent})` : ''}: ${what}`;
}

export async function traceCommand(config: TraceConfig, io: RunIo): Promise<Results> {
  const traces = new Map<CaseResult, CaseTrace>();
  const results = await runCommand(config.run, io, {
    outputs: RUN_OUTPUTS_WITHOUT_TABLE,
    onTrace: (trace, result) => {
      traces.set(result, trace);
    },
  });
  const blocks: string[] = [];
  for (const result of results.runs) {
    const lines = [heading(results, result), ...clientLines(result, '')];
    // What the failed requests said: the timeline below shows only their codes.
    const errors = describeErrors(result);
    if (errors) lines.push(`errors: ${errors}`, ...errorStackLines(result).map((line) => `  ${line}`));
    // An external client is seen from the server: "dial" is the accept, "getConn" the request's arrival.
    if (result.client) lines.push("(the server's view: dial = accepted, getConn = the request arrived, done = the response was sent; connections accepted before the first request arrived show negative times)");
    const trace = traces.get(result);
    if (result.status !== 'ok' || !trace) {
      lines.push(result.status === 'skipped' ? `skipped: ${result.skipReason ?? ''}` : `could not run: ${result.error?.code ?? ''} ${result.error?.message ?? ''}`);
    } else {
      lines.push(...renderTimeline(trace, config.rounds));
      const p = result.phasesMs;
      if (p) {
        const f = (x: number): string => x.toFixed(2);
        lines.push(
          `phases p50 [ms]: new connection (${p.newConnection.requests} req) connect ${f(p.newConnection.connect.p50)}, TLS ${f(p.newConnection.tls.p50)}, TTFB ${f(p.newConnection.ttfb.p50)}, total ${f(p.newConnection.total.p50)}; reused (${p.reused.requests} req) TTFB ${f(p.reused.ttfb.p50)}, total ${f(p.reused.total.p50)}`,
        );
      }
      for (const v of result.verdicts) {
        if (v.severity === 'ok') continue;
        lines.push(`${v.severity === 'fail' ? '✗' : '⚠'} ${v.rule}: ${v.message}`, `    fix: ${v.fix}`);
      }
    }
    blocks.push(lines.join('\n'));
  }
  io.stdout(`${blocks.join('\n\n')}\n`);
  if (config.run.traceFile !== undefined) io.stdout(`\ntrace: ${config.run.traceFile} (one event per line)\n`);
  return results;
}
