// Vue and Svelte single-file components: which <script> blocks are found (and which markup is not mistaken
// for one), and that findings, related locations, quick-fix edits and parse errors land on the component
// file's own lines and columns (after long templates, with CRLF line ends, across two script blocks).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyzer/index';
import { findScriptBlocks, type ComponentKind } from '../../src/analyzer/sfc/blocks';
import type { Finding, Fix, Position } from '../../src/analyzer/types';

/** 0-based line and column of the `nth` occurrence of `needle`, counted the way an editor counts them. */
function positionOf(text: string, needle: string, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `no ${nth + 1}. "${needle}" in the text`);
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return { line: text.slice(0, offset).split('\n').length - 1, column: offset - lineStart };
}

function offsetOf(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + p.column;
}

function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let out = text;
  for (const e of edits)
    out = out.slice(0, offsetOf(text, e.range.start)) + e.newText + out.slice(offsetOf(text, e.range.end));
  return out;
}

function scripts(text: string, kind: ComponentKind) {
  const { blocks, notes } = findScriptBlocks(text, kind);
  return { blocks: blocks.map((b) => ({ code: text.slice(b.start, b.end), role: b.role, lang: b.lang })), notes };
}

function only(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

describe('component script blocks', () => {
  it('finds Vue <script> and <script setup> with attributes in any order, quoted, unquoted or bare', () => {
    const vue = [
      '<script lang="ts">export const a = 1;</script>',
      `<script generic="T extends Record<string, unknown>" lang='ts' setup>const b = 2;</script>`,
      '<template><div/></template>',
    ].join('\n');
    assert.deepEqual(scripts(vue, 'vue').blocks, [
      { code: 'export const a = 1;', role: 'module', lang: 'ts' },
      { code: 'const b = 2;', role: 'setup', lang: 'ts' },
    ]);
    assert.deepEqual(scripts('<SCRIPT setup lang=tsx>x()</SCRIPT >', 'vue').blocks, [
      { code: 'x()', role: 'setup', lang: 'tsx' },
    ]);
  });

  it('is not fooled by <script> in Vue templates, comments, attribute values, interpolations and custom blocks', () => {
    const vue = [
      '<!-- <script>commented()</script> -->',
      '<template>',
      '  <span>{{ "</template>" }}</span><script>inTemplate()</script>',
      '  <p title="<script>attr()</script>" v-html=\'`</script><script>x`\'></p>',
      '  <template v-if="a < b"><span>{{ "<script>" + a }}</span></template>',
      '  <pre><!-- <script>inner()</script> --></pre>',
      '</template>',
      '<i18n lang="json">{ "x": "<script>i18n()</script>" }</i18n>',
      '<template lang="pug">p <script>pug()</script></template>',
      '<script setup>real()</script>',
    ].join('\n');
    assert.deepEqual(scripts(vue, 'vue').blocks, [{ code: 'real()', role: 'setup', lang: 'js' }]);
  });

  it('finds Svelte instance and module scripts, and skips scripts inside markup', () => {
    const svelte = [
      '<script context="module" lang="ts">export const shared = 1;</script>',
      '<svelte:head><script src="https://example.com/a.js"></script></svelte:head>',
      '{#if x <y}<div on:click={() => x > 1 && go("</script>")} title="{"<script>"}">{@html `<script>t()</script>`}</div>{/if}',
      "{@html '<script>top()</script>'}",
      '<ul><li>one<li>two</ul>',
      '<br><img src="a.png"><Widget {...props} />',
      '<script>let x = 1;</script>',
    ].join('\n');
    assert.deepEqual(scripts(svelte, 'svelte'), {
      blocks: [
        { code: 'export const shared = 1;', role: 'module', lang: 'ts' },
        { code: 'let x = 1;', role: 'setup', lang: 'js' },
      ],
      notes: [],
    });
    assert.deepEqual(
      scripts('<script module>let m;</script><script lang="typescript">let i;</script>', 'svelte').blocks,
      [
        { code: 'let m;', role: 'module', lang: 'js' },
        { code: 'let i;', role: 'setup', lang: 'ts' },
      ],
    );
  });

  it('ends a block at the first </script>, as the Vue and Svelte compilers do', () => {
    const { blocks } = scripts('<script>const s = `a</script>b`;</script>', 'vue');
    assert.deepEqual(blocks, [{ code: 'const s = `a', role: 'module', lang: 'js' }]);
  });

  it('skips external and non-JavaScript blocks with a note', () => {
    const text =
      '<template><div/></template>\n<script src="./logic.js"></script>\n<script lang="coffee" setup>x = 1</script>';
    assert.deepEqual(scripts(text, 'vue'), {
      blocks: [],
      notes: [
        'the <script src="./logic.js"> at line 2 is an external file: it is analyzed on its own',
        'the <script> at line 3 is coffee, not JavaScript or TypeScript: not analyzed',
      ],
    });
    assert.deepEqual(analyze(text, 'Widget.vue').notes, scripts(text, 'vue').notes);
  });
});

// A component whose script starts after 120 lines of template, with a few findings of different rules.
const TEMPLATE = Array.from(
  { length: 120 },
  (_, i) => `    <li class="row-${i}" :title="rows[${i}]">{{ rows[${i}] }}</li>`,
);
const LONG_VUE = [
  '<template>',
  '  <ul>',
  ...TEMPLATE,
  '  </ul>',
  '</template>',
  '',
  '<script>',
  "import { onMounted } from 'vue';",
  '// Module scope: one cache for every instance.',
  'const cache = new Map();',
  '</script>',
  '',
  '<script setup>',
  'const props = defineProps(["id"]);',
  'onMounted(() => {',
  "  cache.set(props.id, document.body.innerHTML); window.addEventListener('scroll', () => console.log(props.id));",
  '  setInterval(() => console.log(props.id), 1000);',
  '});',
  '</script>',
  '',
].join('\n');

describe('component positions', () => {
  for (const [name, text] of [
    ['LF', LONG_VUE],
    ['CRLF', LONG_VUE.replace(/\n/g, '\r\n')],
  ] as const) {
    it(`map to the file's lines and columns after a long template (${name})`, () => {
      const result = analyze(text, 'src/components/RowList.vue');
      assert.equal(result.parseError, undefined);
      assert.deepEqual(
        result.findings.map((f) => [f.rule, f.range.start]),
        [
          ['unbounded-collection', positionOf(text, 'cache = new Map()')],
          ['listener-not-removed', positionOf(text, "window.addEventListener('scroll'")],
          ['interval-not-cleared', positionOf(text, 'setInterval(')],
        ],
      );
      // Ends too: the listener's range ends after its closing parenthesis, on the same line.
      const listener = only(result.findings, 'listener-not-removed')[0];
      const end = positionOf(text, 'console.log(props.id));');
      assert.deepEqual(listener.range.end, { line: end.line, column: end.column + 'console.log(props.id))'.length });
      // The Map is declared in the normal <script> and filled in <script setup>: one scope, resolved across.
      assert.match(only(result.findings, 'unbounded-collection')[0].message, /onMounted callback/);
    });
  }

  it('puts a quick fix exactly where it belongs in a Svelte file', () => {
    const text = [
      '<p>{width}px</p>',
      '',
      '<script lang="ts">',
      '  let width = $state(0);',
      '  const onResize = () => (width = window.innerWidth);',
      '  $effect(() => {',
      "    window.addEventListener('resize', onResize);",
      '  });',
      '</script>',
      '',
      '<style>p { color: red; }</style>',
      '',
    ].join('\r\n');
    const [finding] = analyze(text, 'Width.svelte').findings;
    assert.equal(finding.rule, 'listener-not-removed');
    assert.deepEqual(finding.range.start, positionOf(text, 'window.addEventListener'));
    assert.equal(finding.fixes.length, 1);
    assert.equal(
      applyFix(text, finding.fixes[0]),
      text.replace(
        'onResize);\r\n  });',
        "onResize);\r\n    return () => window.removeEventListener('resize', onResize);\n  });",
      ),
    );
  });

  it('reports parse errors at the file position, and honours suppression comments in a block', () => {
    const broken = '<template>\n  <div/>\n</template>\n<script setup>\nconst x = ;\n</script>\n';
    const { parseError } = analyze(broken, 'Broken.vue');
    assert.deepEqual(parseError && { line: parseError.line, column: parseError.column }, positionOf(broken, ';'));
    const suppressed =
      '<script>\nexport default {\n  mounted() {\n    // retainer-lens-disable-next-line\n    setInterval(() => this.tick(), 1000);\n  },\n};\n</script>\n';
    assert.deepEqual(analyze(suppressed, 'Tick.vue').findings, []);
    assert.equal(
      analyze(suppressed.replace('    // retainer-lens-disable-next-line\n', ''), 'Tick.vue').findings.length,
      1,
    );
  });

  it('reads a component without scripts, and a template-only file, as having nothing to report', () => {
    assert.deepEqual(analyze('<template><div>{{ a }}</div></template>\n', 'Plain.vue'), { findings: [] });
    assert.deepEqual(analyze('<h1>Hello {name}!</h1>\n', 'Hello.svelte'), { findings: [] });
  });

  it('runs the instance script per component and the module script once', () => {
    const svelte = (code: string, context: string) =>
      `<script${context}>\n  window.addEventListener('resize', () => console.log(innerWidth));\n  ${code}\n</script>\n`;
    assert.equal(analyze(svelte('', ''), 'A.svelte').findings.length, 1);
    assert.equal(analyze(svelte('', ' context="module"'), 'A.svelte').findings.length, 0);
    assert.match(analyze(svelte('', ''), 'my-widget.svelte').findings[0].message, /the component MyWidget runs/);
    assert.match(analyze(svelte('', ''), 'my-widget.svelte').findings[0].message, /in onDestroy\(\)/);
  });
});
