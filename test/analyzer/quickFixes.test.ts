// Golden quick fixes: each file under quickfixes/fixtures/<rule>/ has at least one <rule> finding; its fixes, in
// the order the editor offers them, must produce exactly `<name>.fixed<N>.<ext>` (first line: `// fix: <title>`),
// and a file without any `.fixed` sibling must get no fix at all (no safe edit exists: the rule page shows one).
// Each output must parse and no longer have that finding. UPDATE_GOLDEN=1 rewrites the expected files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, RULE_IDS } from '../../src/analyzer/index';
import type { Fix, Position } from '../../src/analyzer/types';

const root = join(__dirname, 'quickfixes', 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function applyFix(text: string, fix: Fix): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: Position): number => starts[p.line] + p.column;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

for (const rule of readdirSync(root).sort()) {
  describe(`quick fixes: ${rule}`, () => {
    it('is a known rule id', () => assert.ok((RULE_IDS as readonly string[]).includes(rule), rule));
    for (const file of readdirSync(join(root, rule))
      .filter((f) => !/\.fixed\d+\./.test(f))
      .sort()) {
      it(file, () => {
        const dot = file.indexOf('.');
        const [name, ext] = [file.slice(0, dot), file.slice(dot)];
        const expected = (i: number): string => join(root, rule, `${name}.fixed${i + 1}${ext}`);
        const text = readFileSync(join(root, rule, file), 'utf8');
        const findings = analyze(text, file).findings.filter((f) => f.rule === rule);
        assert.ok(findings.length > 0, `no ${rule} finding in ${file}`);
        const fixes = findings.flatMap((f) => f.fixes.map((fix) => ({ fix, line: f.range.start.line })));
        fixes.forEach(({ fix, line }, i) => {
          const output = `// fix: ${fix.title}\n${applyFix(text, fix)}`;
          if (update) writeFileSync(expected(i), output);
          assert.ok(existsSync(expected(i)), `an unexpected fix: ${fix.title}`);
          assert.equal(output, readFileSync(expected(i), 'utf8'), `${file}, fix ${i + 1}: ${fix.title}`);
          const after = analyze(applyFix(text, fix), file);
          assert.equal(after.parseError, undefined, JSON.stringify(after.parseError));
          assert.ok(
            !after.findings.some((f) => f.rule === rule && Math.abs(f.range.start.line - line) <= 1),
            `${fix.title} leaves the finding: ${after.findings.map((f) => f.message).join('\n')}`,
          );
        });
        assert.ok(!existsSync(expected(fixes.length)), `expected fix ${fixes.length + 1} is not offered`);
      });
    }
  });
}
