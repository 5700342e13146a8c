/**
 * What differs between the two sides besides the code under test: the environment (runtime,
 * TLS and HTTP/2 libraries, OS, CPU, dependencies), the machine a gate cannot see past, and
 * the setup (network, scenario definitions) that makes ratios suspect.
 */
import type { Environment, Results, ScenarioInfo } from '../results.js';
import { networkDifferences } from './network.js';

/** Every environment field that differs, named, so a reader knows why numbers may move. */
export function environmentDifferences(a: Environment, b: Environment): string[] {
  const out: string[] = [];
  const field = (name: string, x: string | number, y: string | number): void => {
    if (x !== y) out.push(`${name} ${x} → ${y}`);
  };
  field('node', a.node, b.node);
  field('openssl', a.openssl, b.openssl);
  field('nghttp2', a.nghttp2, b.nghttp2);
  field('os', a.os, b.os);
  field('cpu count', a.cpus, b.cpus);
  field('cpu model', a.cpuModel, b.cpuModel);
  const deps = [...new Set([...Object.keys(a.dependencies), ...Object.keys(b.dependencies)])];
  for (const dep of deps) field(dep, a.dependencies[dep] ?? 'absent', b.dependencies[dep] ?? 'absent');
  return out;
}

/**
 * The differences a timing gate cannot see past: another CPU model, another core count or
 * another runtime changes every number, so a baseline from there says nothing about here.
 */
export function machineDifferences(a: Environment, b: Environment): string[] {
  const out: string[] = [];
  if (a.cpuModel !== b.cpuModel) out.push(`cpu model ${a.cpuModel} → ${b.cpuModel}`);
  if (a.cpus !== b.cpus) out.push(`cpu count ${a.cpus} → ${b.cpus}`);
  if (a.node !== b.node) out.push(`node ${a.node} → ${b.node}`);
  return out;
}

/** The network each side ran over, then each scenario defined differently on the two sides. */
export function setupDifferences(base: Results, next: Results): string[] {
  return [...networkDifferences(base.target, next.target), ...scenarioDifferences(base.scenarios, next.scenarios)];
}

function scenarioDifferences(a: readonly ScenarioInfo[], b: readonly ScenarioInfo[]): string[] {
  const out: string[] = [];
  for (const sa of a) {
    const sb = b.find((s) => s.id === sa.id);
    if (!sb) continue;
    if (sa.concurrency !== sb.concurrency) out.push(`${sa.id}: concurrency ${sa.concurrency} → ${sb.concurrency}`);
    if (sa.delaysMs.join('/') !== sb.delaysMs.join('/')) out.push(`${sa.id}: server delays differ`);
    // A scenario with its own round trip (seed-rtt20): latency changes with it by design.
    if (sa.rttMs !== sb.rttMs) out.push(`${sa.id}: ${sa.rttMs !== undefined ? `RTT ${sa.rttMs} ms` : 'the run\'s network'} → ${sb.rttMs !== undefined ? `RTT ${sb.rttMs} ms` : 'the run\'s network'}`);
    // Files from before the sustained shape have no `shape`: they used rounds.
    if ((sa.shape ?? 'rounds') !== (sb.shape ?? 'rounds')) out.push(`${sa.id}: shape ${sa.shape ?? 'rounds'} → ${sb.shape ?? 'rounds'}`);
    const ra = sa.rounds;
    const rb = sb.rounds;
    if (ra.warmup !== rb.warmup || ra.min !== rb.min || ra.maxTimeMs !== rb.maxTimeMs) {
      out.push(`${sa.id}: rounds ${ra.warmup}+${ra.min}/${ra.maxTimeMs} ms → ${rb.warmup}+${rb.min}/${rb.maxTimeMs} ms (warm-up+min/time budget; --quick differs?)`);
    }
  }
  return out;
}
