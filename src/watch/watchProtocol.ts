// What the Memory view shows and sends: plain JSON between the extension host and the webview (the webview
// imports only these types). Times are milliseconds since the epoch; sizes are bytes.

export interface HeapSample {
  t: number;
  /** `Runtime.getHeapUsage` usedSize: live objects and garbage not yet collected. */
  used: number;
  /** totalSize: the heap V8 has reserved. */
  total: number;
}

/** `gc`: the used heap dropped between two samples; `checkpoint`: a forced GC and a read; `capture`: a snapshot. */
export type MarkerKind = 'gc' | 'checkpoint' | 'capture';

export interface HeapMarker {
  t: number;
  kind: MarkerKind;
  /** Used heap at that moment (after the GC for checkpoints). */
  used: number;
  /** Short text on the chart: `#3`, `baseline`. */
  label: string;
  /** Exact text for the tooltip. */
  detail: string;
}

export type AutoCapture = 'auto' | 'ask' | 'off';

export type WatchState = 'idle' | 'connecting' | 'watching' | 'paused' | 'capturing' | 'ended';

export interface WatchStatus {
  state: WatchState;
  /** The debug session watched. */
  session?: string;
  /** What the checkpoints say: "grew 6 of the last 7 checkpoints, +2.30 MB". */
  growth?: string;
  /** Growth is steady: the view shows it as a warning. */
  growing: boolean;
  /** What happens next: "capturing baseline at the next checkpoint", "captured 3 snapshots: Leaks view opened". */
  plan?: string;
  /** One click takes baseline, target and final at the next checkpoints (ask mode, or after growth). */
  canCapture: boolean;
  checkpoints: number;
  /** A problem to show (a failed read, not enough room for snapshots). */
  problem?: string;
}

export type HostToView =
  | { type: 'reset'; samples: HeapSample[]; markers: HeapMarker[]; status: WatchStatus }
  | { type: 'sample'; sample: HeapSample }
  | { type: 'marker'; marker: HeapMarker }
  | { type: 'status'; status: WatchStatus };

export type ViewToHost =
  { type: 'ready' } | { type: 'pause' } | { type: 'resume' } | { type: 'checkpoint' } | { type: 'capture' };
