import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { area, line, stack } from 'd3-shape';
import { escapeHtml } from './escape.ts';

/*
 * Charts as SVG strings, drawn on the server (the pages send no script): d3-scale places every
 * mark and tick, d3-shape builds every path. Only SVG presentation attributes are used, no style
 * attributes, so the same SVG renders in the browser and in resvg (the digest's PNG).
 */

/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
export const palette = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#000000',
];

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartSpec {
  /** The x categories (months, weeks, buckets), as shown under the axis. */
  categories: string[];
  series: Series[];
  /** Appended to the y ticks ("%"). */
  unit?: string;
  /** The y axis' top, when it is fixed (100 for percentages). */
  yMax?: number;
  width?: number;
  height?: number;
  /** SVG text font (resvg draws with the font it is given). */
  font?: string;
}

const margin = { top: 12, right: 12, bottom: 44, left: 40 };

function frame(spec: ChartSpec, body: string, labelledBy?: string): string {
  const { width = 640, height = 260 } = spec;
  // The legend flows in lines under the chart. Text is not measured (no DOM on the server): an
  // 11 px character of a sans-serif font is under 6.5 px wide, so each entry gets that much.
  let x = margin.left;
  let line = 0;
  const entries = spec.series.map((s, i) => {
    const entryWidth = 14 + s.name.length * 6.5 + 18;
    if (x + entryWidth > width && x > margin.left) {
      x = margin.left;
      line++;
    }
    const y = height - 14 + line * 16;
    const entry = `<rect x="${x}" y="${y}" width="10" height="10" fill="${palette[i % palette.length]}"/><text x="${x + 14}" y="${y + 9}">${escapeHtml(s.name)}</text>`;
    x += entryWidth;
    return entry;
  });
  const total = height + line * 16;
  const aria = labelledBy ? ` role="img" aria-labelledby="${labelledBy}"` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${total}" width="100%"${aria} font-family="${spec.font ?? 'system-ui, sans-serif'}" font-size="11" fill="#1a1a1a">${body}${entries.join('')}</svg>`;
}

function yAxis(spec: ChartSpec, max: number) {
  const { width = 640, height = 260 } = spec;
  const y = scaleLinear()
    .domain([0, Math.max(max, 1)])
    // Rounded to the same four ticks that are drawn, so the top gridline is labelled.
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const ticks = y
    .ticks(4)
    .map(
      (t) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t)}" y2="${y(t)}" stroke="#dde1e6"/><text x="${margin.left - 4}" y="${y(t) + 4}" text-anchor="end">${t}${spec.unit ?? ''}</text>`,
    )
    .join('');
  return { y, ticks };
}

/** Show at most about `most` category labels, evenly spaced. */
function labelEvery(count: number, most: number): number {
  return Math.max(1, Math.ceil(count / most));
}

function xLabels(spec: ChartSpec, at: (category: string) => number): string {
  const { height = 260 } = spec;
  const every = labelEvery(spec.categories.length, 8);
  return spec.categories
    .map((c, i) =>
      i % every === 0
        ? `<text x="${at(c)}" y="${height - margin.bottom + 14}" text-anchor="middle">${escapeHtml(c)}</text>`
        : '',
    )
    .join('');
}

/** Bars side by side per category, one colour per series. */
export function barChart(spec: ChartSpec, labelledBy?: string): string {
  const { width = 640 } = spec;
  const max = spec.yMax ?? Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const { y, ticks } = yAxis(spec, max);
  const x = scaleBand()
    .domain(spec.categories)
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const inner = scaleBand()
    .domain(spec.series.map((s) => s.name))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const bars = spec.series
    .map((s, si) =>
      s.values
        .map((v, i) => {
          const category = spec.categories[i] as string;
          if (v === null || v === 0) return '';
          return `<rect x="${(x(category) ?? 0) + (inner(s.name) ?? 0)}" y="${y(v)}" width="${inner.bandwidth()}" height="${y(0) - y(v)}" fill="${palette[si % palette.length]}"/>`;
        })
        .join(''),
    )
    .join('');
  return frame(
    spec,
    ticks + bars + xLabels(spec, (c) => (x(c) ?? 0) + x.bandwidth() / 2),
    labelledBy,
  );
}

/** One line per series; a missing value (null) breaks its line. */
export function lineChart(spec: ChartSpec, labelledBy?: string): string {
  const { width = 640 } = spec;
  const max = spec.yMax ?? Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const { y, ticks } = yAxis(spec, max);
  const x = scalePoint()
    .domain(spec.categories)
    .range([margin.left + 8, width - margin.right - 8]);
  const paths = spec.series
    .map((s, si) => {
      const points = s.values.map((v, i) => [spec.categories[i] as string, v] as const);
      const path = line<(typeof points)[number]>()
        .defined(([, v]) => v !== null)
        .x(([c]) => x(c) ?? 0)
        .y(([, v]) => y(v ?? 0))(points);
      const dots = points
        .filter(([, v]) => v !== null)
        .map(
          ([c, v]) =>
            `<circle cx="${x(c)}" cy="${y(v ?? 0)}" r="2.5" fill="${palette[si % palette.length]}"/>`,
        )
        .join('');
      return `<path d="${path ?? ''}" fill="none" stroke="${palette[si % palette.length]}" stroke-width="2"/>${dots}`;
    })
    .join('');
  return frame(spec, ticks + paths + xLabels(spec, (c) => x(c) ?? 0), labelledBy);
}

/** Series stacked as areas (parts of a whole over time). */
export function stackedAreaChart(spec: ChartSpec, labelledBy?: string): string {
  const { width = 640 } = spec;
  const rows = spec.categories.map((c, i) => ({
    c,
    ...Object.fromEntries(spec.series.map((s) => [s.name, s.values[i] ?? 0])),
  })) as ({ c: string } & Record<string, number>)[];
  const layers = stack<{ c: string } & Record<string, number>>().keys(
    spec.series.map((s) => s.name),
  )(rows);
  const max = Math.max(0, ...layers.flatMap((l) => l.map((p) => p[1])));
  const { y, ticks } = yAxis(spec, max);
  const x = scalePoint()
    .domain(spec.categories)
    .range([margin.left, width - margin.right]);
  const shape = area<(typeof layers)[number][number]>()
    .x((p) => x(p.data.c) ?? 0)
    .y0((p) => y(p[0]))
    .y1((p) => y(p[1]));
  const paths = layers
    .map(
      (l, i) =>
        `<path d="${shape(l) ?? ''}" fill="${palette[i % palette.length]}" fill-opacity="0.85"/>`,
    )
    .join('');
  return frame(spec, ticks + paths + xLabels(spec, (c) => x(c) ?? 0), labelledBy);
}
