// Every rule either has a quick fix pinned by a golden test (quickfixes/fixtures/<rule>/*.fixed*) or shows the
// change by hand on its page (a `// before` and an `// after` code example), so no finding leaves a user with
// only "Disable".
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../src/analyzer/rules';

const root = join(__dirname, '..', '..');

for (const rule of RULES) {
  test(`${rule.id}: a tested quick fix or before/after code on its page`, () => {
    const fixtures = join(__dirname, 'quickfixes', 'fixtures', rule.id);
    const fixed = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => /\.fixed\d+\./.test(f)) : [];
    const page = readFileSync(join(root, rule.docPath), 'utf8');
    const beforeAfter = /```\w*\n\/\/ before\b[\s\S]*?\/\/ after\b[\s\S]*?```/.test(page);
    assert.ok(fixed.length > 0 || beforeAfter, `${rule.id}: neither a golden fix nor before/after code`);
    // A page that promises a quick fix names one the golden tests pin.
    if (fixed.length) assert.match(page, /### Quick fix|quick fix/i);
  });
}
