// The Memory view's chart: used heap over time as an SVG line and area, the reserved heap as a dashed line,
// and markers for garbage collections (dots where the heap dropped), checkpoints (dashed rules) and snapshots
// (solid rules). Colours come from the theme's chart variables in media/watch.css; the SVG holds geometry only.
import type { HeapMarker, HeapSample } from '../../watch/watchProtocol';
import { formatBytes } from '../../common/units';

const SVG = 'http://www.w3.org/2000/svg';

export interface ChartGeometry {
  width: number;
  height: number;
  /** Left margin for the axis labels, bottom margin for the time labels. */
  left: number;
  bottom: number;
  top: number;
  t0: number;
  t1: number;
  max: number;
}

/** How much time the chart shows: the last five minutes, or everything when there is less. */
export const SPAN_MS = 5 * 60_000;

export function geometry(samples: readonly HeapSample[], width: number, height: number): ChartGeometry {
  const t1 = samples.length ? samples[samples.length - 1].t : 0;
  const first = samples.find((s) => s.t >= t1 - SPAN_MS)?.t ?? t1;
  const t0 = Math.min(first, t1 - 10_000);
  let max = 0;
  for (const s of samples) if (s.t >= t0) max = Math.max(max, s.total, s.used);
  return { width, height, left: 64, bottom: 18, top: 16, t0, t1, max: niceMax(max) };
}

/** Rounds the axis up to 1, 2 or 5 × a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1_000_000;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export const xOf = (g: ChartGeometry, t: number): number =>
  g.left + ((t - g.t0) / Math.max(1, g.t1 - g.t0)) * (g.width - g.left - 4);
export const yOf = (g: ChartGeometry, bytes: number): number =>
  g.top + (1 - bytes / g.max) * (g.height - g.top - g.bottom);

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, String(v));
  return element;
}

/** Pixels between two labels on one row. */
const LABEL_GAP = 4;

/** A label's width at the chart's 10 px font: about 6 px a character (a page may not be laid out yet to measure). */
function labelWidth(label: string): number {
  return label.length * 6;
}

function text(x: number, y: number, value: string, className: string, anchor = 'start'): SVGTextElement {
  const t = node('text', { x, y, class: className, 'text-anchor': anchor });
  t.textContent = value;
  return t;
}

export function clockTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Draws the chart into `svg` (replacing what was there). */
export function drawChart(
  svg: SVGSVGElement,
  samples: readonly HeapSample[],
  markers: readonly HeapMarker[],
  g: ChartGeometry,
): void {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${g.width} ${g.height}`);
  svg.setAttribute('width', String(g.width));
  svg.setAttribute('height', String(g.height));
  const bottom = g.height - g.bottom;
  // Axis: three levels with their sizes.
  for (const share of [0, 0.5, 1]) {
    const y = yOf(g, share * g.max);
    svg.append(node('line', { x1: g.left, x2: g.width - 4, y1: y, y2: y, class: 'rl-grid' }));
    svg.append(text(g.left - 6, y + 4, formatBytes(share * g.max), 'rl-axis', 'end'));
  }
  svg.append(text(g.left, g.height - 4, clockTime(g.t0), 'rl-axis'));
  svg.append(text(g.width - 4, g.height - 4, clockTime(g.t1), 'rl-axis', 'end'));
  const shown = samples.filter((s) => s.t >= g.t0);
  if (shown.length) {
    const points = shown.map((s) => `${xOf(g, s.t).toFixed(1)},${yOf(g, s.used).toFixed(1)}`);
    const area = `M${xOf(g, shown[0].t).toFixed(1)},${bottom} L${points.join(' L')} L${xOf(g, shown[shown.length - 1].t).toFixed(1)},${bottom} Z`;
    svg.append(node('path', { d: area, class: 'rl-used-area' }));
    svg.append(
      node('path', {
        d: `M${shown.map((s) => `${xOf(g, s.t).toFixed(1)},${yOf(g, s.total).toFixed(1)}`).join(' L')}`,
        class: 'rl-total',
      }),
    );
    svg.append(node('path', { d: `M${points.join(' L')}`, class: 'rl-used' }));
  }
  // Labels of rules a few pixels apart would print over each other: the newest of each row keeps its label, an
  // older one whose label would touch the next is left unlabelled (its rule and tooltip stay).
  const labelledFrom = { top: Infinity, bottom: Infinity };
  const crowded = new Set<HeapMarker>();
  const newestFirst = markers.filter((m) => m.t >= g.t0 && m.kind !== 'gc').sort((a, b) => b.t - a.t);
  for (const m of newestFirst) {
    const row = m.kind === 'capture' ? 'bottom' : 'top';
    const x = xOf(g, m.t);
    if (x + 3 + labelWidth(m.label) + LABEL_GAP > labelledFrom[row]) crowded.add(m);
    else labelledFrom[row] = x + 3;
  }
  for (const m of markers) {
    if (m.t < g.t0) continue;
    const x = xOf(g, m.t);
    const group = node('g', { class: `rl-marker rl-${m.kind}`, 'data-kind': m.kind });
    const title = node('title', {});
    title.textContent = m.detail;
    group.append(title);
    if (m.kind === 'gc') {
      group.append(node('circle', { cx: x, cy: yOf(g, m.used), r: 3.5 }));
    } else {
      group.append(node('line', { x1: x, x2: x, y1: g.top, y2: bottom }));
      // Snapshot labels sit at the foot of their rule: a capture happens at a checkpoint, whose label is on top.
      const y = m.kind === 'capture' ? bottom - 4 : g.top - 4;
      group.append(text(x + 3, y, m.label, crowded.has(m) ? 'rl-marker-label rl-crowded' : 'rl-marker-label'));
    }
    svg.append(group);
  }
}

/** The sample nearest to x (pixels), for the tooltip. */
export function nearestSample(samples: readonly HeapSample[], g: ChartGeometry, x: number): number {
  let best = -1;
  let distance = Infinity;
  samples.forEach((s, i) => {
    if (s.t < g.t0) return;
    const d = Math.abs(xOf(g, s.t) - x);
    if (d < distance) {
      best = i;
      distance = d;
    }
  });
  return best;
}
