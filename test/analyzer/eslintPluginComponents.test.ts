// The ESLint plugin on Vue components through the real vue-eslint-parser, as eslint-plugin-vue users run it:
// the parser's AST covers only the scripts, but the rules read the whole text and report at the file's lines
// and columns, and their suggestions edit the script block in place.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Linter } from 'eslint';
import * as vueParser from 'vue-eslint-parser';
import plugin from '../../src/eslint-plugin/index';

const CLOCK = [
  '<template>',
  '  <div class="clock">',
  '    <time>{{ now }}</time>',
  '    <p v-html="\'<script>not a script</script>\'"></p>',
  '  </div>',
  '</template>',
  '',
  '<script setup>',
  "import { onMounted, ref } from 'vue';",
  'const now = ref(Date.now());',
  'onMounted(() => {',
  '  setInterval(() => (now.value = Date.now()), 1000);',
  '});',
  "document.addEventListener('keydown', onKey);",
  'function onKey() {}',
  '</script>',
  '',
].join('\n');

function lint(text: string, filename: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    text,
    [
      {
        files: ['**/*.vue'],
        languageOptions: { parser: vueParser, ecmaVersion: 2022, sourceType: 'module' },
        ...(plugin.configs.recommended as object),
      },
    ],
    filename,
  );
}

describe('eslint plugin on .vue files (vue-eslint-parser)', () => {
  it('reports at the component file positions', () => {
    const messages = lint(CLOCK, 'src/Clock.vue');
    assert.deepEqual(
      messages.map((m) => [m.ruleId, m.line, m.column]),
      [
        ['retainer-lens/interval-not-cleared', 12, 3],
        ['retainer-lens/listener-not-removed', 14, 1],
      ],
    );
    assert.equal(CLOCK.split('\n')[11].indexOf('setInterval'), 2);
    assert.equal(CLOCK.split('\n')[13].indexOf('document.addEventListener'), 0);
  });

  it('reads a Vue 2 options-API component, and a file without a script has nothing to report', () => {
    const options = `<template><div/></template>\n<script>\nexport default {\n  mounted() {\n    window.addEventListener('scroll', this.onScroll);\n  },\n};\n</script>\n`;
    assert.deepEqual(
      lint(options, 'Scroll.vue').map((m) => [m.ruleId, m.line, m.column]),
      [['retainer-lens/listener-not-removed', 5, 5]],
    );
    assert.deepEqual(lint('<template><div>{{ a }}</div></template>\n', 'Plain.vue'), []);
  });
});
