// What every view gets from the app shell: the engine, the snapshots, the kept state and selection.
import type { NodeRow } from '../service/protocol';
import type { FindingMarks } from './findingMarks';
import type { SnapshotStates } from '../explorer/messages';
import type { Rpc } from './rpc';
import type { DetailId, ExplorerState, Selection, ViewId } from './vscodeApi';

export interface AppContext {
  rpc: Rpc;
  /** Finding and dead-variable marks from the join of the main snapshot with the source. */
  marks: FindingMarks;
  state: ExplorerState;
  snapshots(): SnapshotStates;
  /** Handle of the main snapshot (the file this editor opened). */
  main(): string;
  persist(): void;
  /** Shows `node` (of `snapshot`) in the details pane. */
  select(node: NodeRow | null, snapshot: string): void;
  /** "Inspect this object": shows `node` in the details pane, keeping the way back to the object shown now. */
  inspect(node: NodeRow, snapshot: string): void;
  /** "Reveal in Summary": selects `node` (of the main snapshot) in the Summary, its class expanded. */
  revealInSummary(node: NodeRow, snapshot: string): void;
  /** A short message in the status area. */
  notify(level: 'info' | 'error', text: string): void;
  showDetail(detail: DetailId): void;
  showView(view: ViewId): void;
  focusDetails(): void;
  focusView(): void;
}

export interface View {
  readonly element: HTMLElement;
  /** Called when the view becomes visible; the first call loads it. */
  show(): void;
  focus(): void;
  /** The snapshots changed (e.g. a compare snapshot finished loading). */
  snapshotsChanged?(): void;
  /** Keep the scroll position in the state. */
  saveScroll?(): void;
}

export function selectionOf(node: NodeRow, snapshot: string): Selection {
  return { id: node.id, snapshot, className: node.className, name: node.name, type: node.type };
}
