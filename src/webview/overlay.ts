// Shown while the worker loads the main snapshot (with the stage and fraction read), or when it failed.
import { clear, el, textSpan } from './dom';
import type { SnapshotState } from '../explorer/messages';

const STAGES: Record<string, string> = {
  read: 'Reading',
  indexes: 'Indexing edges',
  flags: 'Marking objects',
  'shallow sizes': 'Computing shallow sizes',
  distances: 'Computing distances',
  dominators: 'Building the dominator tree',
  'retained sizes': 'Computing retained sizes',
  classes: 'Grouping classes',
  done: 'Ready',
};

export class LoadingOverlay {
  readonly element: HTMLDivElement;
  private readonly label = el('div', { className: 'rl-overlay-label' }, 'Waiting for the snapshot…');
  private readonly bar = el('div', { className: 'rl-progress-bar' });
  private readonly progress = el(
    'div',
    { className: 'rl-progress indeterminate', role: 'progressbar', attrs: { 'aria-label': 'Loading the snapshot' } },
    this.bar,
  );
  private readonly message = el('div', {});

  constructor() {
    this.element = el('div', { className: 'rl-overlay' }, this.label, this.progress, this.message);
  }

  update(main: SnapshotState | undefined): void {
    if (!main || main.phase === 'loading') {
      this.element.hidden = false;
      const stage = main?.stage ? (STAGES[main.stage] ?? main.stage) : 'Opening';
      clear(this.label);
      this.label.append(`${stage} `, main ? textSpan(main.label, 'rl-muted', 120) : '', '…');
      const determinate = main?.stage === 'read' && main.fraction !== undefined;
      this.progress.classList.toggle('indeterminate', !determinate);
      this.bar.style.width = determinate ? `${Math.round(main.fraction! * 100)}%` : '';
      if (determinate) this.progress.setAttribute('aria-valuenow', String(Math.round(main.fraction! * 100)));
      return;
    }
    if (main.phase === 'error') {
      this.element.hidden = false;
      this.progress.hidden = true;
      clear(this.label);
      this.label.append(textSpan(`Could not open ${main.label}: ${main.error ?? 'unknown error'}`, 'rl-error', 400));
      return;
    }
    this.element.hidden = true;
  }

  notice(level: 'info' | 'error', text: string): void {
    clear(this.message);
    this.message.appendChild(textSpan(text, level === 'error' ? 'rl-error' : 'rl-muted', 400));
  }
}
