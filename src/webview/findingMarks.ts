// Marks from the join of this snapshot with the source: an object made where a static finding points gets a
// warning/error marker linking to the finding, and a value a closure context keeps alive for nothing gets a
// "dead" badge. The page learns that a join exists from the host's `findings` message, then asks the worker's
// `marks` for the rows it shows, a batch at a time, and repaints when the answers arrive. Finding messages and
// names come from workspace files and the snapshot: they are shown only as text (displayText, text nodes).
import type { DeadMark, FindingMark, NodeMark } from '../service/protocol';
import { el, icon } from './dom';
import { displayText } from './format';
import { formatBytes } from '../common/units';
import type { HostToWebview } from '../explorer/messages';
import type { Rpc } from './rpc';

type Joined = Extract<HostToWebview, { host: 'findings' }>;

const BATCH = 500;
/**
 * A failed request is asked again this many times per join, first after RETRY_MS and twice as long each time
 * (0.5 + 1 + 2 + 4 + 8 s): a loaded 2-core machine can take seconds to attach a page that came back.
 */
const MAX_RETRIES = 5;
const RETRY_MS = 500;

export class FindingMarks {
  private joined: Joined | undefined;
  private readonly known = new Map<number, NodeMark | null>();
  private readonly wanted = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private timer = 0;
  private generation = 0;
  private retries = 0;

  constructor(private readonly rpc: Rpc) {}

  /** The host joined `message.snapshot` (again): forget earlier answers and repaint. */
  setJoined(message: Joined): void {
    this.joined = message;
    this.generation++;
    this.retries = 0;
    this.known.clear();
    this.wanted.clear();
    this.changed();
  }

  get active(): boolean {
    return this.joined !== undefined;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** The mark of a node: null when it has none (or no join covers the snapshot), undefined while asked for. */
  get(snapshot: string, id: number): NodeMark | null | undefined {
    if (!this.joined || snapshot !== this.joined.snapshot) return null;
    if (this.known.has(id)) return this.known.get(id);
    if (!this.wanted.has(id)) {
      this.wanted.add(id);
      if (!this.timer) this.timer = window.setTimeout(() => void this.flush(), 0);
    }
    return undefined;
  }

  /** Asks for these nodes now (e.g. a closure's variables, to rank the dead ones) and waits for the answer. */
  async load(snapshot: string, ids: number[]): Promise<void> {
    if (!this.joined || snapshot !== this.joined.snapshot) return;
    for (const id of ids) this.get(snapshot, id);
    await this.flush();
  }

  /** The marker's severity: a confirmed finding rises as the diagnostics do (retainerLens.join.confirmedSeverity). */
  severity(finding: Pick<FindingMark, 'severity' | 'confirmed'>): 'error' | 'warning' | 'info' {
    const rise = this.joined?.confirmedSeverity ?? 'unchanged';
    if (!finding.confirmed || rise === 'unchanged') return finding.severity;
    const rank = { info: 0, warning: 1, error: 2 } as const;
    return rank[rise] > rank[finding.severity] ? rise : finding.severity;
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = 0;
    const joined = this.joined;
    if (!joined || this.wanted.size === 0) return;
    const generation = this.generation;
    const ids = [...this.wanted];
    this.wanted.clear();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      let marks: (NodeMark | null)[] | undefined;
      try {
        marks = await this.rpc.request('marks', { snapshot: joined.snapshot, ids: batch });
      } catch (error) {
        // Right after the page comes back (hidden and shown) a request can fail before the host is attached
        // again: ask once more a moment later; after that show these rows unmarked rather than asking forever.
        if (generation !== this.generation) return;
        if (this.retries < MAX_RETRIES) {
          const delay = RETRY_MS * 2 ** this.retries;
          this.retries++;
          for (const id of ids.slice(i)) this.wanted.add(id);
          this.timer = window.setTimeout(() => void this.flush(), delay);
          return;
        }
        console.warn(`Retainer Lens: no marks for ${batch.length} objects: ${(error as Error).message}`);
      }
      if (generation !== this.generation) return;
      batch.forEach((id, k) => this.known.set(id, marks?.[k] ?? null));
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** `closure-large-scope (confirmed) at src/uploads.js:7: This callback…` for tooltips and labels. */
export function findingSummary(finding: FindingMark): string {
  return `${finding.rule}${finding.confirmed ? ' (confirmed by this snapshot)' : ''} at ${finding.display}`;
}

function findingTitle(finding: FindingMark): string {
  const lines = [findingSummary(finding), displayText(finding.message, 600)];
  if (finding.confirmed) lines.push(displayText(finding.confirmed, 300));
  lines.push('Click to open the finding in the editor.');
  return lines.map((l) => displayText(l, 1000)).join('\n');
}

/** "kept alive only by this context; used only by checksum" */
export function deadExplanation(dead: DeadMark): string {
  const users = dead.usedOnlyBy.length ? `used only by ${dead.usedOnlyBy.join(', ')}` : 'used by no closure';
  return `kept alive only by this context; ${users}`;
}

function deadTitle(dead: DeadMark): string {
  const held = dead.heldBy.length ? `Held by ${dead.heldBy.join(', ')}, which never use it.` : '';
  return [
    `'${dead.name}' is a dead context variable of ${dead.scope} (${dead.display}): ${deadExplanation(dead)}.`,
    held,
    `${dead.contexts.toLocaleString('en-US')} context${dead.contexts === 1 ? '' : 's'} keep ${formatBytes(dead.retainedSize)} of ${dead.className} this way.`,
  ]
    .filter(Boolean)
    .map((l) => displayText(l, 1000))
    .join('\n');
}

/** The severity marker: an icon and the rule, a button that opens the finding (the host checks the path). */
function findingMarker(
  marks: FindingMarks,
  finding: FindingMark,
  open: () => void,
  focusable = false,
): HTMLButtonElement {
  const severity = marks.severity(finding);
  const b = el(
    'button',
    {
      className: `rl-mark rl-mark-${severity}`,
      title: findingTitle(finding),
      attrs: {
        type: 'button',
        'aria-label': displayText(`${severity}: ${findingSummary(finding)}. Open the finding`, 300),
        'data-rule': finding.rule,
      },
    },
    icon(severity === 'info' ? 'info' : severity),
    el('span', { className: 'rl-mark-rule' }, displayText(finding.rule, 40)),
  );
  if (!focusable) b.tabIndex = -1; // inside a grid row: the details pane has the keyboard path to it
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    open();
  });
  return b;
}

export function deadBadge(dead: DeadMark): HTMLSpanElement {
  return el(
    'span',
    {
      className: 'rl-dead-badge',
      title: deadTitle(dead),
      attrs: { role: 'img', 'aria-label': displayText(`dead variable ${dead.name}: ${deadExplanation(dead)}`, 300) },
    },
    'dead',
  );
}

/** Appends a node's markers (finding, dead) to a rendered label, when the join marked it. */
export function withMarks(
  label: HTMLElement,
  marks: FindingMarks,
  rpc: Rpc,
  snapshot: string,
  id: number,
  options: { variable?: string } = {},
): HTMLElement {
  const mark = marks.get(snapshot, id);
  if (!mark) return label;
  const open = (target: 'finding' | 'declaration') => () =>
    rpc.send({ host: 'openFinding', snapshot, nodeId: id, target });
  // In a closure's variables, only the variable the value is dead as (the same value could be held twice).
  if (mark.dead && (options.variable === undefined || options.variable === mark.dead.name))
    label.appendChild(deadBadge(mark.dead));
  if (mark.finding) label.appendChild(findingMarker(marks, mark.finding, open('finding')));
  return label;
}
