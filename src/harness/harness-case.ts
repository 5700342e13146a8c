/**
 * One case on Bun or Deno: the harness (runtimes/harness.ts) runs the scenario's rounds on the
 * runtime and times them with its clock; the server's ledger gives the connections, TLS
 * handshakes, ALPN and streams, as for an external client command. The extra CA goes in
 * both variables the runtimes read: NODE_EXTRA_CA_CERTS (Node, Bun) and DENO_CERT (Deno).
 *
 * A runner kind beside the worker, client commands and h2load (the layer above run/'s
 * protocol it replies in), so it lives here and not in runtimes/.
 */
import { settledLedger } from '../client-cmd/run-case.js';
import { summaryFromServerLedger } from '../client-cmd/server-view.js';
import { lastLines, spawnChild } from '../process/child.js';
import type { HarnessRun, ScenarioInfo } from '../results.js';
import type { CaseMeasurement, WorkerReply } from '../runner-kinds/protocol.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { tQuantile } from '../stats/interval.js';
import { meanStdev } from '../stats/summary.js';
import type { Target } from '../targets/types.js';
import { harnessPath, type HarnessOutput, type HarnessSpec } from '../runtimes/harness.js';
import type { Variant } from '../runtimes/types.js';
import { definedOnly } from '../defined.js';

export interface HarnessOutcome {
  reply: WorkerReply;
  harness: HarnessRun;
}

function argvFor(variant: Variant, file: string): string[] {
  switch (variant.node.engine) {
    case 'deno':
      // Only what the harness does: connect, read the CA and its spec.
      return [variant.node.bin, 'run', '--quiet', '--no-prompt', '--allow-net', '--allow-read', '--allow-env', file];
    case 'bun':
      return [variant.node.bin, file];
    case undefined:
      return [variant.node.bin, file];
    default: {
      const exhaustive: never = variant.node.engine;
      throw new Error(`unknown engine ${String(exhaustive)}`);
    }
  }
}

/** Relative margin of error of the round times at 95 % (t-distribution), as tinybench gives it for the worker's rounds. */
function rmePercent(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const { mean, stdev } = meanStdev(xs);
  return mean > 0 ? ((tQuantile(0.975, xs.length - 1) * stdev) / Math.sqrt(xs.length) / mean) * 100 : 0;
}

function parseOutput(stdout: string): HarnessOutput | undefined {
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as HarnessOutput;
  } catch {
    return undefined;
  }
}

export async function runHarnessCase(
  variant: Variant,
  strategy: string,
  scenario: ScenarioInfo,
  target: Target,
  limits: { requestTimeoutMs: number; hardLimitMs: number; caseTimeoutMs: number },
  signal?: AbortSignal,
): Promise<HarnessOutcome> {
  const spec: HarnessSpec = {
    strategy,
    origin: target.origin.href,
    caPath: target.tls.caPath,
    pathTemplate: target.pathTemplate,
    delaysMs: scenario.delaysMs,
    rounds: scenario.rounds,
    requestTimeoutMs: limits.requestTimeoutMs,
    hardLimitMs: limits.hardLimitMs,
  };
  const [file, ...args] = argvFor(variant, await harnessPath());
  const child = spawnChild({
    kind: 'guarded',
    file: file ?? '',
    args,
    env: {
      ...process.env,
      MUXBENCH_HARNESS: JSON.stringify(spec),
      NODE_EXTRA_CA_CERTS: target.tls.caPath,
      DENO_CERT: target.tls.caPath,
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
    },
    stdout: 'keep',
    // Every latency of the case in one line: about 8 characters a request.
    outputChars: 16_000_000,
    timeoutMs: limits.caseTimeoutMs,
    ...(signal ? { signal } : {}),
  });
  const exit = await child.exited;
  const stderrTail = lastLines(child.stderr(), 5);
  const out = exit.code === 0 ? parseOutput(child.stdout()) : undefined;
  const harness: HarnessRun = {
    engine: variant.node.engine ?? 'node',
    argv: [file ?? '', ...args],
    exitCode: exit.code,
    wallMs: exit.wallMs,
    stderrTail,
    countsSource: 'server',
    latencySource: 'runtime',
  };
  const runtime = {
    id: variant.id,
    node: out?.node ?? 'unknown',
    packages: {},
    ...definedOnly({ engine: variant.node.engine }),
    engineVersion: out?.engineVersion ?? variant.node.version,
  };
  const said = stderrTail.at(-1) !== undefined ? `; its stderr ends: ${stderrTail.at(-1)}` : '';
  if (out === undefined) {
    const how = exit.timedOut
      ? `did not finish within ${Math.round(limits.caseTimeoutMs / 1000)} s and was killed`
      : exit.spawnError !== undefined
        ? `could not start: ${exit.spawnError}`
        : exit.code === 0
          ? 'printed no result line'
          : `exited with ${exit.code === null ? (exit.signal ?? 'a signal') : `status ${exit.code}`}`;
    return { reply: { type: 'error', code: 'HARNESS_FAILED', message: `the ${harness.engine} harness ${how}${said}`, runtime }, harness };
  }
  const ledger = await settledLedger(target);
  if (!ledger) {
    return {
      reply: { type: 'error', code: 'HARNESS_NO_LEDGER', message: `${harness.engine} cases are counted by the server: use --target local or --target nginx`, runtime },
      harness,
    };
  }
  const latency = new LatencyRecorder();
  for (const ms of out.latencyMs) latency.record(ms);
  const cold = new LatencyRecorder();
  for (const ms of out.coldLatencyMs) cold.record(ms);
  const failed = out.total - out.ok;
  const measurement: CaseMeasurement = {
    requests: { total: out.total, ok: out.ok, failed, errors: out.errors },
    ledger: summaryFromServerLedger(ledger, scenario.concurrency),
    latencyMs: latency.summary(),
    coldLatencyMs: cold.summary(),
    coldRoundMs: out.coldRoundMs,
    throughputRps: out.measuredMs > 0 ? (out.measuredOk * 1000) / out.measuredMs : 0,
    rounds: { samples: out.roundMs.length, warmupRounds: out.warmupRounds, meanMs: meanStdev(out.roundMs).mean, rmePercent: rmePercent(out.roundMs) },
    durationMs: out.measuredMs,
  };
  return { reply: { type: 'result', measurement, runtime }, harness };
}
