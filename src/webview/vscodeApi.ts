// The webview API VS Code injects (or the test page's stand-in), and the state the explorer keeps with it.
// The tab is not kept alive while hidden (no retainContextWhenHidden): VS Code hands this state back when
// the webview is created again, and the app rebuilds its view from it, asking the worker for fresh pages.

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type ViewId = 'summary' | 'containment' | 'dominators' | 'statistics' | 'compare' | 'leaks' | 'allocations';
export type DetailId = 'retainers' | 'path' | 'closure' | 'allocation';

/** How the Allocations view groups: per allocating function, or as the bottom-up or top-down call tree. */
export type AllocationMode = 'sites' | 'bottom-up' | 'top-down';

export interface Selection {
  /** Node id in the snapshot the selection came from. */
  id: number;
  snapshot: string;
  className: string;
  name: string;
  type: string;
}

export interface ExplorerState {
  view: ViewId;
  detail: DetailId;
  filter: string;
  /** One of DevTools' named filters (common/namedFilters.ts) over the Summary, or '' for all objects. */
  namedFilter: string;
  sort: { key: string; ascending: boolean };
  /** Classes expanded in the summary, to expand again. */
  expanded: string[];
  scroll: Partial<Record<ViewId, number>>;
  selection: Selection | null;
  /** Fraction of the height given to the view above the details pane. */
  split: number;
  allocations: { mode: AllocationMode; sort: { key: string; ascending: boolean } };
}

const defaultState: ExplorerState = {
  view: 'summary',
  detail: 'retainers',
  filter: '',
  namedFilter: '',
  sort: { key: 'retainedSize', ascending: false },
  expanded: [],
  scroll: {},
  selection: null,
  split: 0.6,
  allocations: { mode: 'sites', sort: { key: 'retainedSize', ascending: false } },
};

export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}

export function loadState(api: VsCodeApi): ExplorerState {
  const saved = api.getState();
  if (!saved || typeof saved !== 'object') return { ...defaultState };
  return { ...defaultState, ...(saved as Partial<ExplorerState>) };
}
