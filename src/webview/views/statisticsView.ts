// Statistics: where the heap's bytes go — code, strings, JS arrays, typed arrays, system, other — as a donut
// (a conic-gradient set through CSSOM, which the CSP allows) with a legend.
import type { Statistics } from '../../service/protocol';
import type { AppContext, View } from '../context';
import { clear, el } from '../dom';
import { percent } from '../format';
import { exactBytes, formatBytes } from '../../common/units';

interface Slice {
  label: string;
  bytes: number;
  color: string;
}

function slicesOf(s: Statistics): Slice[] {
  const v8 = s.v8heap;
  const other = Math.max(0, s.total - v8.code - v8.strings - v8.jsArrays - s.native.typedArrays - v8.system);
  return [
    { label: 'Code', bytes: v8.code, color: 'var(--vscode-charts-orange, #d18616)' },
    { label: 'Strings', bytes: v8.strings, color: 'var(--vscode-charts-red, #e51400)' },
    { label: 'JS arrays', bytes: v8.jsArrays, color: 'var(--vscode-charts-blue, #1a85ff)' },
    { label: 'Typed arrays', bytes: s.native.typedArrays, color: 'var(--vscode-charts-green, #388a34)' },
    { label: 'System objects', bytes: v8.system, color: 'var(--vscode-charts-purple, #652d90)' },
    { label: 'Other', bytes: other, color: 'var(--vscode-charts-yellow, #bf8803)' },
  ];
}

export class StatisticsView implements View {
  readonly element: HTMLElement;
  private readonly body = el('div', {
    className: 'rl-stats',
    role: 'region',
    attrs: { 'aria-label': 'Heap statistics', tabindex: '0' },
  });
  private loaded = false;

  constructor(private readonly ctx: AppContext) {
    this.element = el('section', { className: 'rl-view', attrs: { 'aria-label': 'Statistics' } }, this.body);
  }

  show(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.body.textContent = 'Loading…';
    this.ctx.rpc.request('statistics', { snapshot: this.ctx.main() }).then(
      (s) => this.render(s),
      (error: Error) => {
        this.body.textContent = `Could not compute statistics: ${error.message}`;
      },
    );
  }

  focus(): void {
    this.body.focus();
  }

  private render(s: Statistics): void {
    clear(this.body);
    const slices = slicesOf(s);
    const total = s.total || 1;
    let at = 0;
    const stops = slices.map((slice) => {
      const from = at;
      at += (slice.bytes / total) * 360;
      return `${slice.color} ${from}deg ${at}deg`;
    });
    const donut = el(
      'div',
      {
        className: 'rl-donut',
        role: 'img',
        attrs: { 'aria-label': slices.map((x) => `${x.label} ${percent(x.bytes, total)}`).join(', ') },
      },
      el(
        'div',
        { className: 'rl-donut-label' },
        el('span', { title: exactBytes(s.total) }, formatBytes(s.total)),
        el('span', {}, 'total'),
      ),
    );
    donut.style.background = `conic-gradient(${stops.join(', ')})`;
    const legend = el('div', { className: 'rl-legend' });
    for (const slice of slices) {
      const swatch = el('span', { className: 'rl-swatch' });
      swatch.style.background = slice.color;
      legend.append(
        swatch,
        el('span', {}, slice.label),
        el('span', { className: 'right', title: exactBytes(slice.bytes) }, formatBytes(slice.bytes)),
        el('span', { className: 'right rl-muted' }, percent(slice.bytes, total)),
      );
    }
    legend.append(
      el('span', {}),
      el('strong', {}, 'Total'),
      el('strong', { className: 'right', title: exactBytes(s.total) }, formatBytes(s.total)),
      el('span', {}),
    );
    this.body.append(donut, legend);
  }
}
