// The ESLint plugin, through typescript-eslint's RuleTester (which runs ESLint itself on each case).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RuleTester } from '@typescript-eslint/rule-tester';
import plugin from '../../src/eslint-plugin/index';
import { RULES } from '../../src/analyzer/index';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });

describe('eslint plugin shape', () => {
  it('exports every rule and a flat recommended config', () => {
    assert.deepEqual(Object.keys(plugin.rules).sort(), RULES.map((r) => r.id).sort());
    const recommended = plugin.configs.recommended as {
      plugins: Record<string, unknown>;
      rules: Record<string, string>;
    };
    assert.equal(recommended.plugins['retainer-lens'], plugin);
    assert.equal(Object.keys(recommended.rules).length, RULES.length);
    for (const r of RULES) assert.ok(recommended.rules[`retainer-lens/${r.id}`]);
  });
});

// RuleTester's rule type is stricter than the plain objects the plugin exposes; the shape is what ESLint reads.
const rule = (id: keyof typeof plugin.rules) => plugin.rules[id] as unknown as Parameters<typeof tester.run>[1];

tester.run('listener-not-removed', rule('listener-not-removed'), {
  valid: [
    `window.addEventListener('resize', () => {});`,
    `export function C() { useEffect(() => { const h = () => {}; window.addEventListener('resize', h); return () => window.removeEventListener('resize', h); }, []); return null; }`,
  ],
  invalid: [
    {
      code: [
        `export function C() {`,
        `  useEffect(() => {`,
        `    window.addEventListener('resize', onResize);`,
        `  }, []);`,
        `  return null;`,
        `}`,
      ].join('\n'),
      filename: 'file.tsx',
      errors: [
        {
          messageId: 'finding',
          line: 3,
          column: 5,
          suggestions: [
            {
              messageId: 'fix',
              data: { title: 'Return a cleanup that removes this listener' },
              output: [
                `export function C() {`,
                `  useEffect(() => {`,
                `    window.addEventListener('resize', onResize);`,
                `    return () => window.removeEventListener('resize', onResize);`,
                `  }, []);`,
                `  return null;`,
                `}`,
              ].join('\n'),
            },
          ],
        } as never,
      ],
    },
  ],
});

tester.run('interval-not-cleared', rule('interval-not-cleared'), {
  valid: [`setInterval(() => {}, 1000);`],
  invalid: [
    {
      code: `export function f() { setInterval(() => {}, 1000); }`,
      errors: [{ messageId: 'finding', line: 1, column: 23 } as never],
    },
  ],
});

tester.run('map-object-key', rule('map-object-key'), {
  valid: [`const m = new Map(); export function f(id: string) { m.set(id, 1); if (m.size > 9) m.clear(); }`],
  invalid: [
    {
      code: `const m = new Map<HTMLElement, number>();\nexport function f(el: HTMLElement) { m.set(el, 1); }`,
      errors: [
        {
          messageId: 'finding',
          line: 1,
          suggestions: [
            {
              messageId: 'fix',
              data: { title: 'Use a WeakMap (entries go away with their keys)' },
              output: `const m = new WeakMap<HTMLElement, number>();\nexport function f(el: HTMLElement) { m.set(el, 1); }`,
            },
          ],
        } as never,
      ],
    },
  ],
});

tester.run('closure-large-scope', rule('closure-large-scope'), {
  valid: [
    `export function f() { const a = new Array(1e6); const id = setInterval(() => a.length, 10); return () => clearInterval(id); }`,
  ],
  invalid: [
    {
      code: `export function f() {\n  const a = new Array(1e6);\n  const g = () => a.length; g();\n  window.addEventListener('resize', () => {});\n}`,
      options: [{ largeValueBytes: 1000 }],
      errors: [{ messageId: 'finding', line: 4 } as never],
    },
  ],
});

tester.run('unbounded-collection', rule('unbounded-collection'), {
  valid: [`const seen = new Set(); export function f(userId: string) { seen.add(userId); seen.delete(userId); }`],
  invalid: [
    {
      code: `const seen = new Set();\nexport function f(userId: string) { seen.add(userId); }`,
      errors: [{ messageId: 'finding', line: 1 } as never],
    },
  ],
});

tester.run('global-leak', rule('global-leak'), {
  valid: [{ code: `export function f() { window.x = 1; }` }],
  invalid: [
    {
      code: `function f() { leaked = 1; }\nf();`,
      languageOptions: { parserOptions: { sourceType: 'script' } },
      filename: 'legacy.js',
      errors: [
        {
          messageId: 'finding',
          line: 1,
          suggestions: [
            {
              messageId: 'fix',
              data: { title: "Declare 'leaked' with let" },
              output: `function f() { let leaked = 1; }\nf();`,
            },
          ],
        } as never,
      ],
    },
  ],
});
