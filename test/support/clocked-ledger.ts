/** Test-only: a ConnectionLedger on a hand-set clock, with every event it emits kept in order. */
import { ConnectionLedger, type LedgerEvent } from '../../src/ledger/ledger.js';

export function clocked(): { ledger: ConnectionLedger; events: LedgerEvent[]; at(t: number): void } {
  let now = 0;
  const ledger = new ConnectionLedger(() => now);
  const events: LedgerEvent[] = [];
  ledger.onEvent((e) => events.push(e));
  return { ledger, events, at: (t) => (now = t) };
}
