/**
 * The text a comparison's count changes carry beside their numbers (`CountChange.base` and
 * `next`, comparison.ts): results files have always stored it, so the contract keeps it.
 * The renderers use the same two forms everywhere (report/format.ts gives them on).
 */
import type { CountValues } from './comparison.js';

/** "3" when every repetition agreed, else "3–5" (en dash), so disagreement is visible. */
export function fmtRange(min: number, max: number): string {
  return min === max ? String(min) : `${min}–${max}`;
}

/**
 * The protocol to show for a raw ALPN key. TLS without ALPN ('none') can only carry
 * HTTP/1.1 (h2 over TLS requires ALPN, RFC 9113 §3.2), so that is what the reader sees.
 */
export function protocolLabel(alpn: string): string {
  return alpn === 'none' ? 'http/1.1' : alpn;
}

/** A count change's two sides as text: "2–3" → "5", "h2" → "http/1.1". */
export function countText(values: CountValues): { base: string; next: string } {
  switch (values.type) {
    case 'count':
      return { base: fmtRange(values.base.min, values.base.max), next: fmtRange(values.next.min, values.next.max) };
    case 'protocol':
      return { base: protocolLabel(values.base), next: protocolLabel(values.next) };
  }
}
