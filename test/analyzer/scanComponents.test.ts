// `retainer-lens scan` over Vue and Svelte components: found in folders, analyzed through their script
// blocks, reported at the component file's own positions in text, JSON and SARIF; a skipped block is noted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

let dir: string;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['scan', ...args], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const CLOCK_VUE = [
  '<template>',
  '  <time>{{ now }}</time>',
  '</template>',
  '',
  '<script setup lang="ts">',
  "import { onMounted, ref } from 'vue';",
  'const now = ref(Date.now());',
  'onMounted(() => {',
  '  /* every mount */ setInterval(() => (now.value = Date.now()), 1000);',
  '});',
  '</script>',
  '',
].join('\r\n');

const SIZE_SVELTE = [
  '<p>{width}px</p>',
  '<script>',
  "  import { onMount } from 'svelte';",
  '  let width = 0;',
  '  onMount(() => {',
  "    window.addEventListener('resize', () => (width = innerWidth));",
  '  });',
  '</script>',
  '',
].join('\n');

/** 1-based [line, column, endLine, endColumn] of the one-line `code` in `text`, as an editor shows it. */
function span(text: string, code: string): number[] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(code));
  const column = lines[line].indexOf(code) + 1;
  return [line + 1, column, line + 1, column + code.length];
}

const INTERVAL = 'setInterval(() => (now.value = Date.now()), 1000)';
const LISTENER = "window.addEventListener('resize', () => (width = innerWidth))";

describe('scan command on components', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-scan-sfc-'));
    mkdirSync(join(dir, 'src', 'components'), { recursive: true });
    writeFileSync(join(dir, 'src', 'components', 'Clock.vue'), CLOCK_VUE);
    writeFileSync(join(dir, 'src', 'components', 'Size.svelte'), SIZE_SVELTE);
    writeFileSync(
      join(dir, 'src', 'components', 'External.vue'),
      '<template><div/></template>\n<script src="./external.js"></script>\n',
    );
    writeFileSync(
      join(dir, 'src', 'components', 'Clean.svelte'),
      '<script>\n  export let name;\n</script>\n<h1>{name}</h1>\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the findings of .vue and .svelte files at their lines and columns, and notes skipped blocks', async () => {
    const r = await run([]);
    assert.equal(r.code, 0);
    const [iLine, iColumn] = span(CLOCK_VUE, INTERVAL);
    const [lLine, lColumn] = span(SIZE_SVELTE, LISTENER);
    assert.deepEqual([iLine, iColumn, lLine, lColumn], [9, 21, 6, 5]);
    assert.match(
      r.out,
      new RegExp(`src/components/Clock\\.vue\\n\\s+${iLine}:${iColumn}\\s+warning .*interval-not-cleared`),
    );
    assert.match(
      r.out,
      new RegExp(`src/components/Size\\.svelte\\n\\s+${lLine}:${lColumn}\\s+warning .*listener-not-removed`),
    );
    assert.match(r.out, /4 files scanned/);
    assert.match(
      r.err,
      /src\/components\/External\.vue: the <script src="\.\/external\.js"> at line 2 is an external file/,
    );
  });

  it('writes 1-based JSON rows and SARIF regions for components', async () => {
    const rows = JSON.parse((await run(['src', '--format', 'json'])).out) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((x) => [x.file, x.rule, x.line, x.column, x.endLine, x.endColumn]),
      [
        ['src/components/Clock.vue', 'interval-not-cleared', ...span(CLOCK_VUE, INTERVAL)],
        ['src/components/Size.svelte', 'listener-not-removed', ...span(SIZE_SVELTE, LISTENER)],
      ],
    );
    const sarif = JSON.parse((await run(['src/components/Clock.vue', '--format', 'sarif'])).out);
    const [result] = sarif.runs[0].results;
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/components/Clock.vue');
    const [startLine, startColumn, endLine, endColumn] = span(CLOCK_VUE, INTERVAL);
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine, startColumn, endLine, endColumn });
  });
});
