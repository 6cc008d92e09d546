// package.json `contributes.languageModelTools` is the agent tools' table (src/service/agent/toolDefs.ts) as
// VS Code reads it: same names, descriptions and input schemas; the MCP-only tool is not contributed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_DEFS } from '../../src/service/agent/toolDefs';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

interface Contributed {
  name: string;
  displayName: string;
  modelDescription: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  inputSchema: unknown;
}

test('every editor tool is contributed with its table entry, and nothing else is', () => {
  const contributed = manifest.contributes.languageModelTools as Contributed[];
  const editorTools = TOOL_DEFS.filter((d) => !d.mcpOnly);
  assert.deepEqual(
    contributed.map((t) => t.name),
    editorTools.map((d) => d.name),
  );
  for (const d of editorTools) {
    const t = contributed.find((x) => x.name === d.name)!;
    assert.equal(t.displayName, d.displayName);
    assert.equal(t.modelDescription, d.description, `${d.name}: modelDescription`);
    assert.deepEqual(t.inputSchema, d.inputSchema, `${d.name}: inputSchema`);
    assert.equal(t.canBeReferencedInPrompt, true);
    assert.match(t.toolReferenceName, /^retainerLens_\w+$/);
  }
});

test('tool names fit what models and MCP clients accept; only capture acts', () => {
  for (const d of TOOL_DEFS) {
    assert.match(d.name, /^retainer-lens_[a-z_]+$/);
    assert.ok(d.name.length <= 64, d.name);
    assert.equal(d.inputSchema.type, 'object');
    assert.equal(d.inputSchema.additionalProperties, false);
    for (const key of d.inputSchema.required ?? []) assert.ok(key in d.inputSchema.properties, `${d.name}.${key}`);
  }
  assert.deepEqual(
    TOOL_DEFS.filter((d) => d.acts).map((d) => d.name),
    ['retainer-lens_capture'],
  );
});
