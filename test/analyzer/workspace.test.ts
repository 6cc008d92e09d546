// The workspace pass on multi-file fixtures: each workspace/fixtures/<name>/ holds a `leak` project, whose leak
// only facts from another module reveal, and its `clean` near-miss twin. Expectations are inline, as in the
// golden fixtures: `// expect: <rule>` (or `// expect-medium: <rule>`) on the line where a finding starts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, buildWorkspaceIndex, isSeparateProgram, type WorkspaceFile } from '../../src/analyzer/index';
import { scanPaths } from '../../src/service/scanRequest';

const root = join(__dirname, 'workspace', 'fixtures');

function filesUnder(dir: string): WorkspaceFile[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [{ path: full, text: readFileSync(full, 'utf8') }];
    });
}

function expectations(files: WorkspaceFile[], base: string, marker: string): string[] {
  const pattern = new RegExp(`${marker}:\\s*([\\w,\\s-]+?)\\s*(\\*\\/|$)`);
  return files
    .flatMap((f) =>
      f.text.split('\n').flatMap((line, i) => {
        const m = pattern.exec(line);
        return m ? m[1].split(/[\s,]+/).map((rule) => `${rule}@${relative(base, f.path)}:${i + 1}`) : [];
      }),
    )
    .sort();
}

/** Every file analyzed with (or without) the workspace pass: `rule@file:line` per finding of that confidence. */
function findings(files: WorkspaceFile[], base: string, withWorkspace: boolean, confidence: 'high' | 'medium') {
  const index = withWorkspace ? buildWorkspaceIndex(files) : undefined;
  return files
    .flatMap((f) =>
      analyze(f.text, f.path, { minimumConfidence: 'medium', workspace: index?.facts.get(f.path) })
        .findings.filter((x) => x.confidence === confidence)
        .map((x) => `${x.rule}@${relative(base, f.path)}:${x.range.start.line + 1}`),
    )
    .sort();
}

for (const name of readdirSync(root).sort()) {
  describe(`workspace fixtures: ${name}`, () => {
    for (const twin of ['leak', 'clean'] as const) {
      it(`${twin}: the workspace pass reports exactly what the fixture expects`, () => {
        const base = join(root, name, twin);
        const files = filesUnder(base);
        const expected = expectations(files, base, 'expect');
        const expectedMedium = expectations(files, base, 'expect-medium');
        if (twin === 'leak') assert.ok(expected.length + expectedMedium.length > 0, 'a leak fixture expects a finding');
        else assert.deepEqual([...expected, ...expectedMedium], [], 'a clean twin expects nothing');
        assert.deepEqual(findings(files, base, true, 'high'), expected);
        assert.deepEqual(findings(files, base, true, 'medium'), expectedMedium);
      });
    }
    it('leak: without the workspace pass, each file alone does not show the leak', () => {
      const base = join(root, name, 'leak');
      const files = filesUnder(base);
      const alone = [...findings(files, base, false, 'high'), ...findings(files, base, false, 'medium')];
      const expected = [...expectations(files, base, 'expect'), ...expectations(files, base, 'expect-medium')];
      assert.ok(
        expected.some((e) => !alone.includes(e)),
        `every expected finding is already found per file (${alone.join(', ')}): the fixture does not test the pass`,
      );
    });
  });
}

describe('workspace pass', () => {
  it('takes tests, examples and scripts for programs of their own', () => {
    for (const p of ['test/a.js', 'src/__tests__/b.ts', 'src/x.spec.ts', 'examples/demo.js', 'pkg/scripts/build.mjs'])
      assert.ok(isSeparateProgram(p), p);
    for (const p of ['src/testing-utils.ts', 'lib/contest.js', 'src/docsLink.ts']) assert.ok(!isSeparateProgram(p), p);
  });

  it('follows re-exports and ES imports of CommonJS modules to the class a load-time instance is made from', () => {
    const files: WorkspaceFile[] = [
      {
        path: '/w/src/agent.js',
        text: 'class Agent { constructor() { this.clients = new Map(); } }\nmodule.exports = Agent;\n',
      },
      { path: '/w/src/index.ts', text: "export { default as Agent } from './agent';\nexport * from './other';\n" },
      { path: '/w/src/other.ts', text: 'export class Other {}\n' },
      {
        path: '/w/src/main.ts',
        text: "import { Agent, Other } from './index';\nexport const agent = new Agent();\nconst other = new Other();\nfunction later() { return new Other(); }\n",
      },
    ];
    const index = buildWorkspaceIndex(files);
    assert.deepEqual(
      { ...index.facts.get('/w/src/agent.js')?.longLivedClasses },
      {
        Agent: { file: '/w/src/main.ts', line: 2, how: 'held by the module variable agent' },
      },
    );
    assert.equal(index.facts.get('/w/src/other.ts')?.longLivedClasses?.Other.line, 3);
    assert.equal(index.files, 4);
  });

  it("the agents' scan (MCP and language-model tools) runs the pass too", () => {
    const project = join(root, 'per-input-method', 'leak');
    const result = scanPaths({ paths: [project], analyzer: {} });
    assert.deepEqual(
      result.findings.flatMap((f) =>
        f.findings.map((x) => [relative(project, f.file), x.rule, x.range.start.line + 1]),
      ),
      [[join('src', 'store.ts'), 'unbounded-collection', 4]],
    );
  });

  it('skips files over the size limit and stops at the file limit', () => {
    const files: WorkspaceFile[] = Array.from({ length: 5 }, (_, i) => ({
      path: `/w/f${i}.js`,
      text: `var x${i} = ${i};\n`,
    }));
    files.push({ path: '/w/big.js', text: 'x'.repeat(200) });
    const index = buildWorkspaceIndex(files, { maxFiles: 3, maxFileBytes: 100 });
    assert.equal(index.files, 3);
    assert.equal(index.skipped, 3);
  });

  it('leaves out a file nested deeper than the stack, without an error, and keeps the others', () => {
    const deep = `export const x = ${'f('.repeat(20_000)}1${')'.repeat(20_000)};\n`;
    const index = buildWorkspaceIndex([
      { path: '/w/deep.js', text: deep },
      { path: '/w/ok.js', text: "import { A } from './a.js';\nexport const a = new A();\n" },
      { path: '/w/a.js', text: 'export class A {}\n' },
    ]);
    assert.deepEqual(index.tooDeep, ['/w/deep.js']);
    assert.equal(index.facts.get('/w/a.js')?.longLivedClasses?.A.file, '/w/ok.js');
  });

  it('keeps going past a file that does not parse', () => {
    const index = buildWorkspaceIndex([
      { path: '/w/broken.ts', text: 'export const = ;\nclass {' },
      { path: '/w/ok.ts', text: "import { A } from './a';\nexport const a = new A();\n" },
      { path: '/w/a.ts', text: 'export class A {}\n' },
    ]);
    assert.equal(index.files, 3);
    assert.equal(index.facts.get('/w/a.ts')?.longLivedClasses?.A.file, '/w/ok.ts');
  });
});
