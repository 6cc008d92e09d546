// The MCP SDK's own client, connected over stdio to `retainer-lens mcp` run from the TypeScript sources.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = resolve(__dirname, '../..');

export async function connectMcp(source: string, extra: string[] = []): Promise<{ client: Client; stderr: string[] }> {
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'mcp', '--source', source, ...extra],
    cwd: root,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'retainer-lens-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr };
}

type CallResult = { text: string; isError: boolean; progress: string[] };

export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  const progress: string[] = [];
  const result = await client.callTool({ name, arguments: args }, undefined, {
    onprogress: (p) => progress.push(String(p.message ?? p.progress)),
    timeout: 300_000,
  });
  const content = result.content as { type: string; text: string }[];
  assert.equal(content.length, 1);
  assert.equal(content[0].type, 'text');
  return { text: content[0].text, isError: Boolean(result.isError), progress };
}
