// The agent tools' names, descriptions and input schemas: one table for the VS Code language-model tools
// (package.json `contributes.languageModelTools` must match it; a unit test checks) and the MCP server.
// Descriptions are written for a model choosing a tool: what it answers, what it needs, what it costs.

export type JsonSchema = {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: false;
};

export interface ToolDef {
  name: string;
  displayName: string;
  /** For the model: when to use it and what comes back. */
  description: string;
  inputSchema: JsonSchema;
  /** Acts on the user's program (asks the user first in VS Code). */
  acts?: boolean;
  /** Only the MCP server offers it (VS Code's explorer owns snapshot lifetimes there). */
  mcpOnly?: boolean;
}

const snapshot = {
  type: 'string',
  description:
    'A .heapsnapshot file path (absolute, or relative to the source folder) or the handle an earlier answer gave. Default: the snapshot opened most recently.',
};
const top = (what: string, fallback: number) => ({
  type: 'integer',
  minimum: 1,
  maximum: 50,
  description: `How many ${what} to list (default ${fallback}).`,
});

export const TOOL_DEFS: ToolDef[] = [
  {
    name: 'retainer-lens_scan',
    displayName: 'Scan for retention risks',
    description:
      'Static analysis of JavaScript/TypeScript (and Vue/Svelte) source for code that keeps memory reachable: listeners and intervals never removed, caches that only grow, closures pinning large values, accidental globals, Maps keyed by objects. Answers one line per finding: file:line, rule, severity, whether a heap snapshot confirmed it, message. Needs no running program.',
    inputSchema: {
      type: 'object',
      properties: {
        path: {
          type: 'string',
          description: 'A file or folder to scan (absolute or relative to the source folder). Default: all sources.',
        },
        top: top('findings', 30),
      },
      additionalProperties: false,
    },
  },
  {
    name: 'retainer-lens_snapshot_summary',
    displayName: 'Heap snapshot summary',
    description:
      "The classes (constructors) holding the most memory in a V8 heap snapshot, like Chrome DevTools' Summary: count, shallow and retained size per class, largest retained first. Loads the snapshot on first use and keeps it for later calls (answers with its handle).",
    inputSchema: {
      type: 'object',
      properties: {
        snapshot,
        top: top('classes', 15),
        filter: { type: 'string', description: 'Only classes whose name contains this text (case-insensitive).' },
      },
      additionalProperties: false,
    },
  },
  {
    name: 'retainer-lens_retainers',
    displayName: 'What keeps objects alive',
    description:
      "Why a class's objects (or one object, by @id) are still in memory: their shortest paths from a GC root, clustered by shape, largest retained size first, each with the variable that holds them, the line declaring it, and the source lines that made or hold them.",
    inputSchema: {
      type: 'object',
      properties: {
        snapshot,
        className: { type: 'string', description: 'A class name as the summary lists it, e.g. Report or Map.' },
        nodeId: { type: 'integer', minimum: 0, description: 'One object by its snapshot id (the @id Chrome shows).' },
        top: top('path clusters', 5),
      },
      additionalProperties: false,
    },
  },
  {
    name: 'retainer-lens_find_leaks',
    displayName: 'Find leaks (baseline, target, final)',
    description:
      'Leak triage over three heap snapshots of one process: baseline, target (after the suspected action), final (after undoing or repeating it). Objects allocated between baseline and target and still alive in final, grouped by retainer path, each joined to the source: the static finding on its line (confirmed), the holding variable, the lines that made it; then collections that grew in every snapshot.',
    inputSchema: {
      type: 'object',
      properties: {
        baseline: { ...snapshot, description: 'The baseline snapshot (path or handle).' },
        target: { ...snapshot, description: 'The snapshot after the action (path or handle).' },
        final: { ...snapshot, description: 'The snapshot after undoing or repeating it (path or handle).' },
        top: top('leak groups', 5),
      },
      required: ['baseline', 'target', 'final'],
      additionalProperties: false,
    },
  },
  {
    name: 'retainer-lens_capture',
    displayName: 'Capture heap snapshot',
    description:
      'Takes a V8 heap snapshot of a running JavaScript program (after a full garbage collection) and writes it to a .heapsnapshot file: in VS Code from the active JavaScript debug session, or from an inspector address (node --inspect, loopback only). Asks the user first. Answers the file path to pass to the other tools.',
    inputSchema: {
      type: 'object',
      properties: {
        address: {
          type: 'string',
          description:
            'An inspector address, host:port or ws://… on this machine. In VS Code, default: the debug session.',
        },
        output: { type: 'string', description: 'The file to write (default: a new timestamped file).' },
      },
      additionalProperties: false,
    },
    acts: true,
  },
  {
    name: 'retainer-lens_explain_line',
    displayName: 'Explain a source line',
    description:
      'Everything Retainer Lens knows about one source line: static findings on it, the memory its objects and closures retain in the latest snapshot (count, size, root path), whether the snapshot confirms a finding there, leak groups from the last find_leaks that touch it, dead closure-context variables declared or kept there, and (for a snapshot recorded with allocation stacks) the live objects allocated by a function starting on the line.',
    inputSchema: {
      type: 'object',
      properties: {
        file: { type: 'string', description: 'The source file (absolute or relative to the source folder).' },
        line: { type: 'integer', minimum: 1, description: 'The line, 1-based.' },
        snapshot,
      },
      required: ['file', 'line'],
      additionalProperties: false,
    },
  },
  {
    name: 'retainer-lens_release_snapshot',
    displayName: 'Release a heap snapshot',
    description:
      'Frees the memory of a snapshot loaded by an earlier call (by path or handle). Snapshots are also released after some idle time.',
    inputSchema: {
      type: 'object',
      properties: { snapshot: { ...snapshot, description: 'The snapshot to release (path or handle).' } },
      required: ['snapshot'],
      additionalProperties: false,
    },
    mcpOnly: true,
  },
];

export type ToolName =
  | 'retainer-lens_scan'
  | 'retainer-lens_snapshot_summary'
  | 'retainer-lens_retainers'
  | 'retainer-lens_find_leaks'
  | 'retainer-lens_capture'
  | 'retainer-lens_explain_line'
  | 'retainer-lens_release_snapshot';
