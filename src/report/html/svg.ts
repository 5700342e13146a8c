/**
 * Two small chart kinds as inline SVG strings: horizontal grouped bars (long strategy
 * names read best on the left) and lines over a log-scaled x axis (the sweep). No
 * library, no script, nothing fetched: the report renders offline and in any browser.
 */

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Tick values for a linear axis from 0 to at least `max`: 1, 2 or 5 × 10^k steps. */
export function linearTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Powers of ten covering [min, max] for a log axis. */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-9)));
  const hi = Math.ceil(Math.log10(Math.max(max, min * 10, 1e-9)));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) ticks.push(10 ** k);
  return ticks;
}

function tickLabel(v: number): string {
  if (v >= 1000) return new Intl.NumberFormat('en-US').format(v);
  return String(Number(v.toPrecision(3)));
}

export interface Series {
  name: string;
  /** One value per category / x; null = not measured (no bar, a gap in the line). */
  values: Array<number | null>;
}

function legend(series: readonly Series[], x: number, y: number): string {
  return series
    .map((s, i) => {
      const ly = y + i * 18;
      return `<rect x="${x}" y="${ly}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${x + 18}" y="${ly + 10}" class="legend">${esc(s.name)}</text>`;
    })
    .join('');
}

export interface BarChartSpec {
  id: string;
  title: string;
  /** Axis label with its unit, e.g. 'latency [ms]'. */
  unit: string;
  categories: string[];
  series: Series[];
}

export function barChart(spec: BarChartSpec): string {
  const labelW = 200;
  const legendW = 170;
  const plotW = 440;
  const barH = 11;
  const groupGap = 12;
  const groupH = spec.series.length * barH + groupGap;
  const top = 36;
  const plotH = Math.max(groupH * spec.categories.length, 40);
  const width = labelW + plotW + legendW + 20;
  const height = top + plotH + 40;
  const max = Math.max(0, ...spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const ticks = linearTicks(max);
  const top_ = ticks[ticks.length - 1] ?? 1;
  const xOf = (v: number): number => labelW + (v / top_) * plotW;
  const parts: string[] = [];
  for (const t of ticks) {
    const x = num(xOf(t));
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotH}" class="grid"/>`);
    parts.push(`<text x="${x}" y="${top + plotH + 14}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  spec.categories.forEach((category, ci) => {
    const gy = top + ci * groupH;
    parts.push(`<text x="${labelW - 8}" y="${num(gy + (groupH - groupGap) / 2 + 4)}" class="label" text-anchor="end">${esc(category)}</text>`);
    spec.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined) return;
      const y = gy + si * barH;
      const w = Math.max(v > 0 ? 1 : 0, xOf(v) - labelW);
      parts.push(
        `<rect class="bar" x="${labelW}" y="${num(y)}" width="${num(w)}" height="${barH - 2}" fill="${PALETTE[si % PALETTE.length]}"><title>${esc(`${category} · ${s.name}: ${tickLabel(v)}`)}</title></rect>`,
        // The value at the bar's end: a bar of 1 next to one of 100 is otherwise invisible.
        `<text x="${num(labelW + w + 3)}" y="${num(y + barH - 3)}" class="value">${tickLabel(v)}</text>`,
      );
    });
  });
  parts.push(`<text x="${labelW + plotW / 2}" y="${top + plotH + 32}" class="axis" text-anchor="middle">${esc(spec.unit)}</text>`);
  return svg(spec.id, spec.title, width, height, parts.join('') + legend(spec.series, labelW + plotW + 20, top));
}

export interface LineChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: Series[];
}

/** Both axes logarithmic: concurrency spans 1 to 1000, and so do connections and rates. */
export function lineChart(spec: LineChartSpec): string {
  const left = 70;
  const plotW = 460;
  const legendW = 200;
  const top = 44;
  const plotH = 240;
  const width = left + plotW + legendW + 20;
  const height = top + plotH + 46;
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && v > 0));
  const xt = logTicks(Math.min(...spec.x), Math.max(...spec.x));
  const yt = logTicks(values.length ? Math.min(...values) : 1, values.length ? Math.max(...values) : 10);
  const lx = (v: number): number => Math.log10(v);
  const [x0, x1] = [lx(xt[0] ?? 1), lx(xt[xt.length - 1] ?? 10)];
  const [y0, y1] = [lx(yt[0] ?? 1), lx(yt[yt.length - 1] ?? 10)];
  const xOf = (v: number): number => left + ((lx(v) - x0) / (x1 - x0 || 1)) * plotW;
  const yOf = (v: number): number => top + plotH - ((lx(v) - y0) / (y1 - y0 || 1)) * plotH;
  const parts: string[] = [];
  for (const t of xt) {
    parts.push(`<line x1="${num(xOf(t))}" y1="${top}" x2="${num(xOf(t))}" y2="${top + plotH}" class="grid"/>`);
  }
  for (const c of spec.x) {
    parts.push(`<text x="${num(xOf(c))}" y="${top + plotH + 14}" class="tick" text-anchor="middle">${tickLabel(c)}</text>`);
  }
  for (const t of yt) {
    parts.push(`<line x1="${left}" y1="${num(yOf(t))}" x2="${left + plotW}" y2="${num(yOf(t))}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${num(yOf(t) + 4)}" class="tick" text-anchor="end">${tickLabel(t)}</text>`);
  }
  spec.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length];
    const points = spec.x.map((x, i) => ({ x, v: s.values[i] })).filter((p): p is { x: number; v: number } => typeof p.v === 'number' && p.v > 0);
    if (points.length > 1) {
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(xOf(p.x))},${num(yOf(p.v))}`).join(' ');
      parts.push(`<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    for (const p of points) {
      parts.push(
        `<circle class="point" cx="${num(xOf(p.x))}" cy="${num(yOf(p.v))}" r="3.5" fill="${color}"><title>${esc(`${s.name} at ${spec.xLabel} ${p.x}: ${tickLabel(p.v)}`)}</title></circle>`,
      );
    }
  });
  parts.push(`<text x="${left + plotW / 2}" y="${top + plotH + 34}" class="axis" text-anchor="middle">${esc(spec.xLabel)} (log scale)</text>`);
  parts.push(`<text x="14" y="${top + plotH / 2}" class="axis" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})">${esc(spec.yLabel)} (log)</text>`);
  return svg(spec.id, spec.title, width, height, parts.join('') + legend(spec.series, left + plotW + 20, top));
}

function svg(id: string, title: string, width: number, height: number, body: string): string {
  return (
    `<figure class="chart" data-chart="${esc(id)}"><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${esc(title)}</title><text x="10" y="20" class="title">${esc(title)}</text>${body}</svg></figure>`
  );
}
