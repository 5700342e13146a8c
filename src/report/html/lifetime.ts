/** The lifetime section of the HTML report: the server's count of what each client did with idle connections. */
import type { Results } from '../../results.js';
import { LIFETIME_COLUMNS, LIFETIME_LEGEND, lifetimeHead, lifetimeRows } from '../lifetime-rows.js';
import { esc } from './svg.js';

export function lifetimeSection(results: Results): string {
  const rows = lifetimeRows(results);
  if (rows.length === 0) return '';
  const th = LIFETIME_COLUMNS.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i === 0 || i === 4 || i === 9 ? '' : ' class="num"'}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<section class="lifetime" id="lifetime"><h2>Connection lifetime</h2><p>${esc(`${lifetimeHead(results) ?? ''} ${LIFETIME_LEGEND}`)}</p><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></section>`;
}
