// The agent tools as VS Code language-model tools (vscode.lm.registerTool), for agent mode and any extension
// that calls vscode.lm.invokeTool. Thin: the answers are written by src/service/agent; this file says where
// snapshots are (the retainer explorer's own workers first, then a worker of the tools' own), which files a
// scan reads (the workspace scan's list: files.exclude, .gitignore, retainerLens.analyzer.exclude), and how to
// capture (the Capture command, after the user confirms).
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import { AgentTools, NoSnapshotError, type LoadedSnapshot, type ToolHost } from '../../service/agent/agentTools';
import { plain } from '../../service/agent/answer';
import { SnapshotStore } from '../../service/agent/snapshotStore';
import { TOOL_DEFS, type ToolDef } from '../../service/agent/toolDefs';
import { ToolInputError } from '../../service/agent/toolInput';
import { HeapWorkerError } from '../../service/workerClient';
import { Commands } from '../contributions';
import { findSourceFiles } from '../diagnostics/workspaceScan';
import type { LoadedSnapshot as ExplorerSnapshot } from '../explorer/explorerProvider';
import type { SnapshotInsights } from '../join/snapshotInsights';
import { analyzerSettings } from '../settings';

/**
 * What VS Code shows while a tool runs, and for capture, the question it asks before (agent mode shows it in the
 * chat, a call from an extension in a modal dialog; the test harness's workbench answers dialogs itself).
 */
export function prepareInvocation(def: ToolDef, input: Record<string, unknown>): vscode.PreparedToolInvocation {
  if (!def.acts) return { invocationMessage: `Retainer Lens: ${def.displayName.toLowerCase()}` };
  const address = typeof input.address === 'string' ? input.address : undefined;
  return {
    invocationMessage: 'Retainer Lens: capturing a heap snapshot',
    confirmationMessages: {
      title: 'Capture a heap snapshot?',
      message: new vscode.MarkdownString(
        `Retainer Lens will pause ${address ? `the program at \`${plain(address, 200)}\`` : 'the debugged program'} for a full garbage collection and write its heap (which holds the program's data) to a file in the workspace.`,
      ),
    },
  };
}

export interface AgentToolDeps {
  insights: SnapshotInsights;
  onDidLoadSnapshot: vscode.Event<ExplorerSnapshot>;
  onDidCloseSnapshot: vscode.Event<vscode.Uri>;
  log: Logger;
}

/** Snapshots the tools load themselves are released after this long unused. */
const IDLE_MS = 10 * 60_000;

const folders = (): string[] =>
  (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);

export function registerLanguageModelTools(context: vscode.ExtensionContext, deps: AgentToolDeps): AgentTools {
  const { insights, log } = deps;
  const explorers = new Map<string, ExplorerSnapshot>();
  const base = (): string => folders()[0] ?? process.cwd();
  const inWorkspace = (p: string): string => (isAbsolute(p) ? p : resolve(base(), p));
  const released: ((path: string) => void)[] = [];
  const store = new SnapshotStore(
    base,
    IDLE_MS,
    log,
    (path) => released.forEach((f) => f(path)),
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'heapWorker.js').fsPath,
  );
  const fromExplorer = (e: ExplorerSnapshot): LoadedSnapshot => ({
    service: e.client,
    handle: e.handle,
    path: e.uri.fsPath,
  });

  const host: ToolHost = {
    roots: () => folders(),
    async snapshot(ref, run, together) {
      if (ref === undefined) {
        // The snapshot the editor shows (its CodeLens join), else the last one the tools loaded.
        const latest = insights.latest && explorers.get(insights.latest.snapshot.fsPath);
        if (latest && !together) return fromExplorer(latest);
        if (latest) return store.get(latest.uri.fsPath, run);
        return store.get(undefined, run).catch((error: unknown) => {
          throw error instanceof NoSnapshotError
            ? new NoSnapshotError(
                'no snapshot is open: open one in the retainer explorer, capture one, or pass snapshot',
              )
            : error;
        });
      }
      const open = explorers.get(inWorkspace(ref));
      if (open && !together) return fromExplorer(open);
      return store.get(ref, run);
    },
    service: () => store.service(),
    async scanTargets(path) {
      if (path !== undefined) return [inWorkspace(path)];
      const source = new vscode.CancellationTokenSource();
      try {
        return (await findSourceFiles(source.token, log)).map((uri) => uri.fsPath);
      } finally {
        source.dispose();
      }
    },
    analyzerOptions: () => analyzerSettings().options,
    knownJoin: (s) => (insights.latest?.snapshot.fsPath === s.path ? insights.latest.report : undefined),
    async capture(input, run) {
      const cancellation = new vscode.CancellationTokenSource();
      run.signal?.addEventListener('abort', () => cancellation.cancel(), { once: true });
      try {
        const written = await vscode.commands.executeCommand<string | undefined>(Commands.captureHeapSnapshot, {
          address: input.address,
          output: input.output,
          open: true,
          cancellation: cancellation.token,
        });
        if (!written)
          throw new ToolInputError(
            'no snapshot was written (cancelled, no debug session chosen, or the capture failed: see the Retainer Lens log)',
          );
        return `Captured ${plain(written, 400)} and opened it in the retainer explorer. Pass this path as snapshot to the other tools.`;
      } finally {
        cancellation.dispose();
      }
    },
  };
  const agent = new AgentTools(host);
  released.push((path) => agent.forget(path));

  context.subscriptions.push(
    deps.onDidLoadSnapshot((loaded) => explorers.set(loaded.uri.fsPath, loaded)),
    deps.onDidCloseSnapshot((uri) => {
      explorers.delete(uri.fsPath);
      agent.forget(uri.fsPath);
    }),
    { dispose: () => void store.dispose() },
  );
  for (const def of TOOL_DEFS.filter((d) => !d.mcpOnly)) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(def.name, {
        prepareInvocation: (options) => prepareInvocation(def, options.input),
        async invoke(options, token) {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort());
          try {
            const text = await agent.run(def.name, options.input, { signal: controller.signal });
            return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
          } catch (error) {
            // The model reads the message: one line saying what to change. Our own failures are logged too.
            if (!(error instanceof ToolInputError || error instanceof HeapWorkerError))
              log.error(`the ${def.name} tool failed`, error);
            throw new Error(plain(error instanceof Error ? error.message : String(error), 600), { cause: error });
          } finally {
            sub.dispose();
          }
        },
      }),
    );
  }
  return agent;
}
