/**
 * `...definedOnly({ a, b: x.b })` in an object literal: the fields whose value is not
 * undefined, in the order written and in the place written, as `...(a !== undefined ? { a } : {})`
 * spelled once per field did. Results files keep that order (JSON keeps insertion order),
 * and a field that was never set stays absent rather than written as null.
 */
export function definedOnly<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
