// `retainer-lens scan`: formats, exit codes, parse errors, skipped folders.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCommand } from '../../src/cli/scanCommand';
import { CliError } from '../../src/cli/cliTypes';

let dir: string;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await scanCommand.run(args, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('scan command', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-scan-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    mkdirSync(join(dir, 'build'));
    const leak = `export function f() {\n  setInterval(() => {}, 1000);\n}\n`;
    writeFileSync(join(dir, 'src', 'a.ts'), leak);
    writeFileSync(join(dir, 'src', 'ok.js'), `export const x = 1;\n`);
    writeFileSync(join(dir, 'src', 'broken.js'), `const = ;\n`);
    writeFileSync(join(dir, 'src', 'types.d.ts'), `export declare function f(): void;\n`);
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), leak);
    writeFileSync(join(dir, 'build', 'out.js'), leak);
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints text, skips node_modules and ignored folders, reports parse errors and goes on', async () => {
    const r = await run([]);
    assert.equal(r.code, 0);
    assert.match(r.out, /src\/a\.ts\n\s+2:3\s+warning .*interval-not-cleared/);
    assert.doesNotMatch(r.out, /node_modules|build/);
    assert.match(r.err, /src\/broken\.js:1:\d+: could not parse/);
    assert.match(r.out, /3 files scanned/);
  });

  it('prints JSON rows with 1-based positions', async () => {
    const r = await run(['src', '--format', 'json']);
    const rows = JSON.parse(r.out);
    assert.deepEqual(
      rows.map((x: { file: string; rule: string; line: number; column: number }) => [x.file, x.rule, x.line, x.column]),
      [['src/a.ts', 'interval-not-cleared', 2, 3]],
    );
    assert.ok(rows[0].endLine >= 2 && rows[0].message.length > 20);
  });

  it('prints SARIF 2.1.0 with rules and results', async () => {
    const r = await run(['src/a.ts', '--format=sarif']);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.rules.length, 6);
    assert.equal(run0.results[0].ruleId, 'interval-not-cleared');
    assert.equal(run0.results[0].locations[0].physicalLocation.region.startLine, 2);
    assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/a.ts');
  });

  it('exits 1 when a finding is an error, and takes rule options', async () => {
    assert.equal((await run(['src', '--rule', 'interval-not-cleared=error'])).code, 1);
    const off = await run(['src', '--rule=interval-not-cleared=off', '--format', 'json']);
    assert.deepEqual(JSON.parse(off.out), []);
  });

  it('shows medium-confidence findings as info only with --confidence medium', async () => {
    // A memo keyed by functions: usually a fixed set of getters, so the finding is less certain.
    writeFileSync(
      join(dir, 'src', 'lazy.ts'),
      `const computed = new Map<() => unknown, unknown>();\n` +
        `export function lazy(getter: () => unknown) {\n` +
        `  if (!computed.has(getter)) computed.set(getter, getter());\n` +
        `  return computed.get(getter);\n}\n`,
    );
    try {
      const high = JSON.parse((await run(['src/lazy.ts', '--format', 'json'])).out);
      assert.deepEqual(high, []);
      const medium = await run([
        'src/lazy.ts',
        '--format',
        'json',
        '--confidence',
        'medium',
        '--rule',
        'map-object-key=error',
      ]);
      const rows = JSON.parse(medium.out);
      assert.deepEqual(
        rows.map((x: { rule: string; line: number; severity: string; confidence: string }) => [
          x.rule,
          x.line,
          x.severity,
          x.confidence,
        ]),
        [['map-object-key', 1, 'info', 'medium']],
      );
      assert.equal(medium.code, 0, 'a medium finding never fails the run');
      const sarif = JSON.parse((await run(['src/lazy.ts', '--format=sarif', '--confidence=medium'])).out);
      assert.equal(sarif.runs[0].results[0].level, 'note');
      assert.equal(sarif.runs[0].results[0].properties.confidence, 'medium');
    } finally {
      rmSync(join(dir, 'src', 'lazy.ts'));
    }
  });

  it('rejects bad options with a CliError', async () => {
    await assert.rejects(run(['--confidence', 'low']), CliError);
    await assert.rejects(run(['--rule', 'nope=error']), CliError);
    await assert.rejects(run(['--format', 'xml']), CliError);
    await assert.rejects(run(['missing-folder']), CliError);
  });

  it('runs the workspace pass over the scanned modules, unless --no-workspace', async () => {
    // pool.js alone shows an ordinary class; global.js makes its instance at load and keeps it.
    const project = join(__dirname, 'workspace', 'fixtures', 'load-time-instance', 'leak');
    const withPass = await run([project, '--format', 'json']);
    assert.equal(withPass.code, 0);
    const found = JSON.parse(withPass.out) as { file: string; rule: string; line: number; message: string }[];
    assert.deepEqual(
      found.map((x) => [x.file.split('/').pop(), x.rule, x.line]),
      [['pool.js', 'unbounded-collection', 7]],
    );
    assert.match(
      found[0].message,
      /ConnectionPool instance made at load by src\/global\.js:5 and exported as defaultPool/,
    );
    const alone = await run([project, '--format', 'json', '--no-workspace']);
    assert.deepEqual(JSON.parse(alone.out), []);
  });
});
