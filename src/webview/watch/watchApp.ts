// The Memory view: a toolbar (pause/resume, mark checkpoint, capture), what the checkpoints say, and the chart
// with a tooltip of exact values (mouse or arrow keys). It renders what the host sends and posts the buttons.
import type { HeapMarker, HeapSample, HostToView, ViewToHost, WatchStatus } from '../../watch/watchProtocol';
import { exactBytes, formatBytes } from '../../common/units';
import type { VsCodeApi } from '../vscodeApi';
import { clockTime, drawChart, geometry, nearestSample, xOf, yOf, type ChartGeometry } from './chart';

const HEIGHT = 180;

const STATE_TEXT: Record<WatchStatus['state'], string> = {
  idle: 'No JavaScript debug session. Start one to watch its heap.',
  connecting: 'Connecting to the debug session…',
  watching: 'Watching',
  paused: 'Paused',
  capturing: 'Capturing a heap snapshot…',
  ended: 'The debug session ended.',
};

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

export class WatchApp {
  private samples: HeapSample[] = [];
  private markers: HeapMarker[] = [];
  private status: WatchStatus | undefined;
  private hover = -1;
  private g: ChartGeometry | undefined;
  private readonly svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  private readonly tooltip = document.createElement('div');
  private readonly state = document.createElement('div');
  private readonly growth = document.createElement('div');
  private readonly plan = document.createElement('div');
  private readonly problem = document.createElement('div');
  private readonly pause: HTMLButtonElement;
  private readonly checkpoint: HTMLButtonElement;
  private readonly capture: HTMLButtonElement;
  private readonly chart = document.createElement('div');

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.pause = button('Pause', 'Pause or resume the chart (checkpoints still work)', () =>
      this.post({ type: this.status?.state === 'paused' ? 'resume' : 'pause' }),
    );
    this.checkpoint = button('Mark checkpoint', 'Force a garbage collection and read the heap', () =>
      this.post({ type: 'checkpoint' }),
    );
    this.capture = button('Capture', 'Take baseline, target and final snapshots at the next three checkpoints', () =>
      this.post({ type: 'capture' }),
    );
    const toolbar = document.createElement('div');
    toolbar.className = 'rl-watch-toolbar';
    toolbar.append(this.pause, this.checkpoint, this.capture);
    this.state.className = 'rl-watch-state';
    this.growth.className = 'rl-watch-growth';
    this.plan.className = 'rl-watch-plan';
    this.problem.className = 'rl-watch-problem';
    this.problem.setAttribute('role', 'alert');
    for (const line of [this.growth, this.plan]) line.setAttribute('aria-live', 'polite');
    this.chart.className = 'rl-watch-chart';
    this.svg.setAttribute('class', 'rl-chart');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('tabindex', '0');
    this.tooltip.className = 'rl-tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.chart.append(this.svg, this.tooltip);
    const legend = document.createElement('div');
    legend.className = 'rl-legend';
    for (const [kind, label] of [
      ['used', 'used heap'],
      ['total', 'reserved'],
      ['gc', 'GC'],
      ['checkpoint', 'checkpoint'],
      ['capture', 'snapshot'],
    ]) {
      const item = document.createElement('span');
      item.className = `rl-legend-${kind}`;
      item.textContent = label;
      legend.append(item);
    }
    root.replaceChildren(toolbar, this.state, this.growth, this.plan, this.problem, this.chart, legend);
    root.removeAttribute('aria-busy');
    this.svg.addEventListener('mousemove', (e) => this.hoverAt(e.offsetX));
    this.svg.addEventListener('mouseleave', () => this.hideTooltip());
    this.svg.addEventListener('blur', () => this.hideTooltip());
    this.svg.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('message', (e: MessageEvent<HostToView>) => this.onMessage(e.data));
    new ResizeObserver(() => this.render()).observe(this.chart);
    this.renderStatus();
    this.post({ type: 'ready' });
  }

  private post(message: ViewToHost): void {
    this.api.postMessage(message);
  }

  private onMessage(message: HostToView): void {
    switch (message.type) {
      case 'reset':
        this.samples = message.samples;
        this.markers = message.markers;
        this.status = message.status;
        this.renderStatus();
        break;
      case 'sample':
        this.samples.push(message.sample);
        if (this.samples.length > 3600) this.samples.shift();
        break;
      case 'marker':
        this.markers.push(message.marker);
        break;
      case 'status':
        this.status = message.status;
        this.renderStatus();
        return;
    }
    this.render();
  }

  private renderStatus(): void {
    const s = this.status;
    const state = s?.state ?? 'idle';
    this.state.textContent =
      state === 'watching' || state === 'paused'
        ? `${STATE_TEXT[state]}: ${s?.session ?? 'debug session'} · ${s?.checkpoints ?? 0} checkpoint${s?.checkpoints === 1 ? '' : 's'}`
        : STATE_TEXT[state];
    this.growth.textContent = s?.growth ?? '';
    this.growth.classList.toggle('rl-growing', s?.growing ?? false);
    this.plan.textContent = s?.plan ?? '';
    this.problem.textContent = s?.problem ?? '';
    this.problem.hidden = !s?.problem;
    const live = state === 'watching' || state === 'paused';
    this.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    this.pause.disabled = !live;
    this.checkpoint.disabled = !live;
    this.capture.disabled = !live || !s?.canCapture;
    document.body.dataset.state = state;
  }

  private render(): void {
    const width = Math.max(200, Math.floor(this.chart.clientWidth));
    this.g = geometry(this.samples, width, HEIGHT);
    drawChart(this.svg, this.samples, this.markers, this.g);
    const last = this.samples[this.samples.length - 1];
    this.svg.setAttribute(
      'aria-label',
      last
        ? `Used heap ${formatBytes(last.used)} of ${formatBytes(last.total)} reserved, ${this.samples.length} samples`
        : 'No samples yet',
    );
    if (this.hover >= 0) this.showTooltip(this.hover);
  }

  private hoverAt(x: number): void {
    if (!this.g) return;
    const i = nearestSample(this.samples, this.g, x);
    if (i >= 0) this.showTooltip(i);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const from = this.hover >= 0 ? this.hover : this.samples.length;
    const next = Math.min(this.samples.length - 1, Math.max(0, from + (e.key === 'ArrowLeft' ? -1 : 1)));
    if (next >= 0) this.showTooltip(next);
  }

  private showTooltip(i: number): void {
    const s = this.samples[i];
    const g = this.g;
    if (!s || !g) return;
    this.hover = i;
    // The markers closer to this sample than to its neighbours (a checkpoint has its own sample).
    const prev = this.samples[i - 1];
    const next = this.samples[i + 1];
    const from = prev ? (prev.t + s.t) / 2 : -Infinity;
    const to = next ? (s.t + next.t) / 2 : Infinity;
    const near = this.markers.filter((m) => m.t > from && m.t <= to);
    const lines = [
      clockTime(s.t),
      `used ${formatBytes(s.used)} (${exactBytes(s.used)})`,
      `reserved ${formatBytes(s.total)} (${exactBytes(s.total)})`,
      ...near.map((m) => m.detail),
    ];
    this.tooltip.replaceChildren(
      ...lines.map((line) => {
        const div = document.createElement('div');
        div.textContent = line;
        return div;
      }),
    );
    this.tooltip.hidden = false;
    const x = xOf(g, s.t);
    const left = Math.min(Math.max(0, x + 8), g.width - 220);
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${Math.max(0, yOf(g, s.used) - 10)}px`;
    this.svg.querySelector('.rl-hover')?.remove();
    const rule = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    rule.setAttribute('class', 'rl-hover');
    for (const [k, v] of Object.entries({ x1: x, x2: x, y1: g.top, y2: g.height - g.bottom }))
      rule.setAttribute(k, String(v));
    this.svg.append(rule);
  }

  private hideTooltip(): void {
    this.hover = -1;
    this.tooltip.hidden = true;
    this.svg.querySelector('.rl-hover')?.remove();
  }
}
