// The host ↔ webview protocol: messages between the explorer webview and its host that are not service
// requests. Service requests and replies travel unchanged in the protocol's shapes (src/service/protocol.ts);
// these carry a `host` field instead, which no protocol message has. The webview imports types only.
import type { MappedFrame, ProfileInfo, SnapshotInfo } from '../service/protocol';

/** The snapshots an editor can have open, by the role the user gave them. */
export type SnapshotRole = 'main' | 'compare' | 'baseline' | 'target' | 'final';

export interface SnapshotState {
  /** The worker's handle for it: what requests put in `snapshot` / `base` / `current`. */
  handle: string;
  /** File name shown to the user. */
  label: string;
  phase: 'loading' | 'ready' | 'error';
  /** Ready for the Summary, still computing distances, dominators and retained sizes (other views wait). */
  analyzing?: boolean;
  /** Loading stage ('read', 'dominators', …) and, while reading, the fraction read. */
  stage?: string;
  fraction?: number;
  error?: string;
  info?: SnapshotInfo;
}

export type SnapshotStates = Partial<Record<SnapshotRole, SnapshotState>>;

export type HostToWebview =
  | { host: 'status'; snapshots: SnapshotStates }
  /** Switch to a view, e.g. Compare after the "Compare heap snapshots" command. */
  | { host: 'showView'; view: ExplorerView }
  | { host: 'notice'; level: 'info' | 'error'; message: string }
  /** Show these objects of the main snapshot (largest first), e.g. from a CodeLens on the line that made them. */
  | { host: 'reveal'; nodeIds: number[]; title: string; count?: number }
  /**
   * The snapshot was joined with the source: objects made where a static finding points, and dead context
   * variables, can be marked (the page asks the worker's `marks` for the rows it shows).
   */
  | { host: 'findings'; snapshot: string; confirmed: number; dead: number; confirmedSeverity: ConfirmedSeverity }
  /**
   * Whether this editor's snapshot is the one the editor's CodeLenses and confirmed diagnostics come from (one
   * snapshot at a time: the newest opened, or the one the user picked).
   */
  | { host: 'active'; active: boolean; joined: boolean }
  | ProfileStatus;

/** The heap profile editor's one status message: loading, then the profile's facts, or why it failed. */
export interface ProfileStatus {
  host: 'profile';
  phase: 'loading' | 'ready' | 'error';
  /** File name shown to the user. */
  label: string;
  /** What the page puts in `profile` of its requests. */
  handle: string;
  info?: ProfileInfo;
  error?: string;
}

/** The views the host can switch the explorer to. */
export type ExplorerView = 'summary' | 'compare' | 'leaks' | 'allocations';

/** How far a confirmed finding's severity rises (the `retainerLens.join.confirmedSeverity` setting). */
export type ConfirmedSeverity = 'unchanged' | 'info' | 'warning' | 'error';

export type WebviewToHost =
  /** The app started (first time, or again after the tab was hidden): send the status. */
  | { host: 'ready' }
  /** Open the source of a node; the host looks the location up itself (and only in snapshots it opened). */
  | { host: 'goToSource'; snapshot: string; nodeId: number }
  /** Ask the user for a second snapshot to compare the main one with. */
  | { host: 'pickCompare' }
  /** Ask the user for baseline, target and final snapshots for leak triage. */
  | { host: 'pickLeaks' }
  /** Save the leak triage as a Markdown report where the user picks. */
  | { host: 'exportReport' }
  /** A `reveal` was shown (the host stops re-sending it when the page restarts). */
  | { host: 'revealed' }
  /** Make this editor's snapshot the one the editor's lenses and confirmations come from. */
  | { host: 'makeActive' }
  /**
   * Open the static finding that marks a node (`finding`), or the declaration of the dead context variable it
   * is the value of (`declaration`). The host looks the mark up in the worker; the page sends no path.
   */
  | { host: 'openFinding'; snapshot: string; nodeId: number; target: 'finding' | 'declaration' }
  /**
   * Open an allocation frame's function: its workspace position (`source`, which the host opens only inside the
   * workspace), else the script URL as Go to source resolves it.
   */
  | { host: 'openFrame'; snapshot: string; frame: MappedFrame }
  /**
   * The Leaks view's "Go to code" (`code`) or its finding badge (`finding`) for a leak group (by id) or a
   * growing collection (by node id) of the open triage. The host asks the worker where; the page sends no path.
   */
  | { host: 'openLeakCode'; group?: number; collection?: number; target: 'code' | 'finding' };

export function isHostMessage(message: unknown): message is HostToWebview | WebviewToHost {
  return typeof message === 'object' && message !== null && typeof (message as { host?: unknown }).host === 'string';
}
