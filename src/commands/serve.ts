/**
 * `muxbench serve`: a target for exploring a client by hand. Prints the origin, the CA
 * and the client certificate and key, then, whenever traffic goes idle (and on Ctrl-C or
 * at the end of --for), what the server saw per connection and the verdicts of the
 * diagnosis rules. Runs until Ctrl-C, or --for SECONDS.
 */
import { optionalWholeNumber, wholeNumber } from '../config.js';
import { judge } from '../diagnose/registry.js';
import { targetFacts } from '../diagnose/target-facts.js';
import { UsageError } from '../errors.js';
import { parseOptions } from '../options/parse-config.js';
import { optionChoices, stringDefault } from '../options/table.js';
import type { CaseResult, StrategyInfo, Verdict } from '../results.js';
import { caseResult } from '../run/case-result.js';
import { describeServerLedger, measurementFromServerLedger, summaryFromServerLedger } from '../client-cmd/server-view.js';
import { targetChoice, type TargetChoice } from '../targets/choice.js';
import { certPaths } from '../targets/certs.js';
import { requestCount, requestError, type ServerLedgerSnapshot } from '../targets/server-ledger.js';
import { startTarget } from '../targets/start.js';
import type { Target } from '../targets/types.js';

export const serveOptions = parseOptions('serve');

export interface ServeConfig {
  target: TargetChoice;
  /** Stop after this long; undefined = until Ctrl-C. */
  forMs: number | undefined;
  /** Traffic is idle after this long without a new request or response. */
  idleMs: number;
  /** What the client sends at once, for the rules; undefined = the most requests the server saw in flight together. */
  concurrency: number | undefined;
  intent: StrategyInfo['intent'];
  /** One JSON object per line (the banner, each summary, the stop) instead of text, for programs. */
  json: boolean;
}

export function serveConfig(values: { [K in keyof typeof serveOptions]?: unknown }): ServeConfig {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (str(values.target) === 'url') throw new UsageError('serve starts a target: --target local or --target nginx');
  const intent = str(values.intent) ?? stringDefault('intent', 'serve');
  if (!optionChoices('intent').includes(intent)) {
    throw new UsageError(`--intent must be one of ${optionChoices('intent').join(', ')}, got '${intent}'`);
  }
  const forS = str(values.for);
  return {
    target: targetChoice({ target: str(values.target), mtls: values.mtls === true, h2c: values.h2c === true }),
    forMs: forS === undefined ? undefined : wholeNumber('for', forS, 'serve') * 1000,
    idleMs: wholeNumber('idle', str(values.idle), 'serve'),
    concurrency: optionalWholeNumber('concurrency', str(values.concurrency)),
    intent: intent as StrategyInfo['intent'],
    json: values.json === true,
  };
}

const POLL_MS = 100;
const MARK: Record<Verdict['severity'], string> = { ok: '✓', warn: '⚠', fail: '✗' };

/** Most requests in flight at the server at once, over all connections. */
function peakOverall(ledger: ServerLedgerSnapshot): number {
  const events = ledger.requests.flatMap((r) => [[r.start, 1], [r.end ?? Infinity, -1]] as Array<[number, number]>);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (now += d));
  // A summarised ledger (server-ledger.ts) counts the peak over every request itself.
  return Math.max(peak, ledger.summarised?.peakInFlight ?? 0);
}

/** The verdicts for one burst of traffic, judged like any strategy's case. */
export function judgeTraffic(ledger: ServerLedgerSnapshot, config: Pick<ServeConfig, 'concurrency' | 'intent'>, kind: Target['kind']): { result: CaseResult; concurrency: number } {
  const concurrency = config.concurrency ?? Math.max(1, peakOverall(ledger));
  const strategy = { id: 'your-client', label: 'the client you ran', library: 'external', intent: config.intent };
  const scenario = { id: 'serve', description: 'traffic sent by hand', concurrency, delaysMs: [0], rounds: { warmup: 0, min: 1, maxTimeMs: 0 } };
  const wallMs = Math.max(0, ledger.summarised?.lastEnd ?? 0, ...ledger.requests.map((r) => r.end ?? r.start)) - Math.min(...ledger.requests.map((r) => r.start), ...ledger.connections.map((c) => c.acceptedAt));
  const planned = { scenario, strategy: { ...strategy, configuration: '', open: () => Promise.reject(new Error('not run')) }, repetition: 0 };
  const result = caseResult(planned, { type: 'result', measurement: measurementFromServerLedger(ledger, scenario, wallMs) }, null, wallMs);
  const { verdicts, notJudged } = judge({ result, strategy, target: targetFacts(kind, [result]) });
  result.verdicts = verdicts;
  if (notJudged.length > 0) result.notJudged = notJudged;
  return { result, concurrency };
}

/** One burst of traffic as `--json` prints it: the counts of the text summary, as numbers. */
export interface TrafficSummary {
  event: 'traffic';
  /** Connections that finished TLS (or cleartext ones), accepted since the last summary. */
  connections: number;
  tlsFull: number;
  tlsResumed: number;
  /** Connections by negotiated protocol: h2, http/1.1, h2c, … */
  alpn: Record<string, number>;
  requests: number;
  /** Requests answered 2xx in full (requestError() in server-ledger.ts). */
  requestsOk: number;
  /** Most requests in flight on one connection at once. */
  peakInFlightPerConnection: number;
  /** Most requests in flight on the whole server at once. */
  peakInFlight: number;
  /** Connections closed before TLS finished. */
  tlsFailed: number;
  verdicts: Array<{ rule: string; severity: Verdict['severity']; message: string }>;
}

export function trafficSummary(ledger: ServerLedgerSnapshot, config: Pick<ServeConfig, 'concurrency' | 'intent'>, kind: Target['kind']): TrafficSummary {
  const { result, concurrency } = judgeTraffic(ledger, config, kind);
  const counts = summaryFromServerLedger(ledger, concurrency);
  return {
    event: 'traffic',
    connections: counts.opened,
    tlsFull: counts.tlsFull,
    tlsResumed: counts.tlsResumed,
    alpn: counts.alpn,
    requests: requestCount(ledger),
    requestsOk: ledger.requests.filter((r) => requestError(r) === undefined).length + (ledger.summarised?.ok ?? 0),
    peakInFlightPerConnection: counts.maxConcurrentStreams,
    peakInFlight: peakOverall(ledger),
    tlsFailed: ledger.connections.filter((c) => c.tls === 'failed' || c.tls === 'pending').length,
    verdicts: result.verdicts.map((v) => ({ rule: v.rule, severity: v.severity, message: v.message })),
  };
}

export function renderTraffic(ledger: ServerLedgerSnapshot, config: Pick<ServeConfig, 'concurrency' | 'intent'>, kind: Target['kind']): string {
  const t0 = Math.min(...ledger.connections.map((c) => c.acceptedAt), ...ledger.requests.map((r) => r.start));
  const ms = (t: number): string => (t - t0).toFixed(1);
  const lines = [`traffic: ${describeServerLedger(ledger)}`];
  for (const c of ledger.connections) {
    const tls = c.tls === 'none' ? c.alpn : c.tls === 'failed' || c.tls === 'pending' ? 'TLS never finished' : `TLS ${c.tls} ${c.alpn === 'none' ? 'no ALPN' : c.alpn}`;
    const extra = [c.goawaysSent > 0 ? 'GOAWAY sent' : '', c.resets > 0 ? `${c.resets} reset` : '', c.earlier ? 'open from before' : ''].filter(Boolean).join(', ');
    lines.push(`  conn #${c.id}  accepted ${ms(c.acceptedAt)} ms, ${tls}, ${c.requests} request${c.requests === 1 ? '' : 's'}, peak ${c.peakInFlight} in flight${extra ? `, ${extra}` : ''}`);
  }
  const { result, concurrency } = judgeTraffic(ledger, config, kind);
  lines.push(`verdicts (${config.intent}, concurrency ${concurrency}${config.concurrency === undefined ? ': the most requests in flight at once' : ''}):`);
  for (const v of result.verdicts) {
    lines.push(`  ${MARK[v.severity]} ${v.rule}: ${v.message}`);
    if (v.severity !== 'ok' && v.fix) lines.push(`      fix: ${v.fix}`);
  }
  for (const n of result.notJudged ?? []) lines.push(`  – ${n.rule}: not judged (${n.reason})`);
  return `${lines.join('\n')}\n`;
}

export async function serveCommand(config: ServeConfig, io: { stdout: (t: string) => void; stderr: (t: string) => void }, signal?: AbortSignal): Promise<void> {
  const target = await startTarget(config.target);
  try {
    // The preflight's request is not the user's traffic.
    await target.resetCounters();
    const certs = certPaths();
    const url = new URL(target.pathFor(10), target.origin).href;
    if (config.json) {
      const { caPath } = target.tls;
      const [cert, key] = [target.tls.certPath ?? certs.clientCert, target.tls.keyPath ?? certs.clientKey];
      io.stdout(`${JSON.stringify({ event: 'listening', kind: target.kind, mtls: target.mtls, origin: target.origin.origin, url, ca: caPath, cert, key })}\n`);
    } else io.stdout(
      [
        `muxbench serve: ${target.kind} target${target.mtls ? ' (mutual TLS: a client certificate is required)' : ''}`,
        `  origin  ${target.origin.origin}`,
        `  url     ${url}   (/ping/<ms> answers after <ms> milliseconds)`,
        `  ca      ${target.tls.caPath}`,
        `  cert    ${target.tls.certPath ?? certs.clientCert}`,
        `  key     ${target.tls.keyPath ?? certs.clientKey}`,
        `  e.g.    curl --http2 --parallel --cacert ${target.tls.caPath}${target.mtls ? ` --cert ${target.tls.certPath ?? ''} --key ${target.tls.keyPath ?? ''}` : ''} '${url}?n=[1-3]'`,
        `a summary follows whenever traffic is idle for ${config.idleMs} ms; ${config.forMs !== undefined ? `stops after ${config.forMs / 1000} s` : 'Ctrl-C stops'}`,
        '',
      ].join('\n'),
    );
    await watch(target, config, io, signal);
  } finally {
    await target.close();
  }
}

async function watch(target: Target, config: ServeConfig, io: { stdout: (t: string) => void }, signal?: AbortSignal): Promise<void> {
  if (!target.readLedger) throw new UsageError('serve needs a target with a server-side ledger (local or nginx)');
  const readLedger = target.readLedger.bind(target);
  let stop = false;
  const onStop = (): void => {
    stop = true;
  };
  const timer = config.forMs !== undefined ? setTimeout(onStop, config.forMs) : undefined;
  process.on('SIGINT', onStop);
  signal?.addEventListener('abort', onStop, { once: true });
  let last = '';
  let quietSince = performance.now();
  const flush = async (): Promise<void> => {
    const ledger = await readLedger();
    if (ledger.requests.length === 0 && ledger.connections.length === 0) return;
    io.stdout(config.json ? `${JSON.stringify(trafficSummary(ledger, config, target.kind))}\n` : `${renderTraffic(ledger, config, target.kind)}\n`);
    await target.resetCounters();
    last = '';
  };
  try {
    await poll();
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', onStop);
  }
  await flush();
  io.stdout(config.json ? `${JSON.stringify({ event: 'stopped' })}\n` : 'muxbench serve: stopped\n');

  async function poll(): Promise<void> {
    while (!stop) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const ledger = await readLedger();
      const now = JSON.stringify(ledger);
      if (now !== last) {
        last = now;
        quietSince = performance.now();
        continue;
      }
      const busy = ledger.requests.some((r) => r.end === undefined) || (ledger.summarised?.inFlight ?? 0) > 0 || ledger.connections.some((c) => c.tls === 'pending');
      const seen = ledger.requests.length > 0 || ledger.connections.length > 0;
      if (seen && !busy && performance.now() - quietSince >= config.idleMs) await flush();
    }
  }
}
