// `retainer-lens mcp`: the agent tools over the Model Context Protocol on stdio, through the official SDK.
// stdout carries only protocol messages; logs go to stderr. Tool calls run in the heap worker (snapshots,
// joins, triage, the analyzer), so the protocol loop stays free to answer, report progress and cancel.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { failureLine, type Logger } from '../../common/log';
import { AgentTools } from '../../service/agent/agentTools';
import { plain, UNTRUSTED_NOTE } from '../../service/agent/answer';
import { TOOL_DEFS } from '../../service/agent/toolDefs';
import { ToolInputError } from '../../service/agent/toolInput';
import { HeapWorkerError } from '../../service/workerClient';
import { version } from '../../version';
import { mcpHost } from './mcpHost';
import { SnapshotStore } from '../../service/agent/snapshotStore';

export interface McpOptions {
  /** The program's source folder: what scans read and where snapshot script URLs map. */
  source: string;
  /** Release a snapshot after this long unused. */
  idleMs: number;
  log: Logger;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Serves until the client closes the stream; then releases every snapshot and ends the worker. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const { log } = options;
  const released: ((path: string) => void)[] = [];
  const store = new SnapshotStore(
    () => options.source,
    options.idleMs,
    log,
    (path) => released.forEach((f) => f(path)),
  );
  const tools = new AgentTools(mcpHost(options.source, store, log));
  released.push((path) => tools.forget(path));
  const server = new Server(
    { name: 'retainer-lens', version },
    {
      capabilities: { tools: {} },
      instructions:
        'Retainer Lens answers which source line keeps JavaScript memory alive: static findings (scan), heap snapshot summaries, retainer paths, three-snapshot leak triage joined to the source, and everything about one line. ' +
        UNTRUSTED_NOTE,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOL_DEFS.map((d) => ({
      name: d.name,
      title: d.displayName,
      description: d.description,
      inputSchema: d.inputSchema,
      annotations: { readOnlyHint: !d.acts, openWorldHint: false },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const token = request.params._meta?.progressToken;
    let step = 0;
    const progress =
      token === undefined
        ? undefined
        : (message: string): void => {
            extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken: token, progress: ++step, message },
              })
              .catch((error: unknown) => log.warn('sending a progress notification', error));
          };
    const started = Date.now();
    try {
      const text = await tools.run(request.params.name, request.params.arguments, { signal: extra.signal, progress });
      log.info(`${request.params.name}: ${text.length} characters in ${Date.now() - started} ms`);
      return { content: [{ type: 'text', text }] };
    } catch (error) {
      const known = error instanceof ToolInputError || error instanceof HeapWorkerError;
      if (!known) log.error(`${request.params.name} failed`, error);
      else log.info(failureLine(request.params.name, error));
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof HeapWorkerError ? `${error.code}: ` : '';
      return { content: [{ type: 'text', text: `Error: ${code}${plain(message, 600)}` }], isError: true };
    }
  });
  const transport = new StdioServerTransport(
    options.input as NodeJS.ReadStream | undefined,
    options.output as NodeJS.WriteStream | undefined,
  );
  const closed = new Promise<void>((done) => {
    server.onclose = () => done();
  });
  await server.connect(transport);
  // The client ending stdin is the end of the session.
  (options.input ?? process.stdin).once('end', () => void server.close());
  await closed;
  await store.dispose();
}
