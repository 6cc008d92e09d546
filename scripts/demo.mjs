#!/usr/bin/env node
// `npm run demo`: the whole loop on the bundled example app, with no editor. Builds and packages the extension,
// scans examples/leaky-server statically, runs it with --inspect on loopback, captures baseline / target /
// final heap snapshots through the capture client around real HTTP requests, runs the leak triage joined with
// the static findings (`retainer-lens join`), and prints one report (also written as markdown to
// out/demo/report.md): confirmed findings, each leak group with the finding on its line, dead context variables.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { once } from 'node:events';
import { tsImport } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const example = join(root, 'examples/leaky-server');
const outDir = join(root, 'out/demo');
// The snapshots go where the extension saves captures (retainerLens.capture.folder, git-ignored) in the example,
// so the workspace `npm run demo -- --editor` opens has them in its Explorer, ready for Find leaks.
const snapshotDir = join(example, '.heapsnapshots');
const cli = join(root, 'dist/cli.js');
const step = (text) => console.log(`\n▶ ${text}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.status !== 0 && !options.allowFailure) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result;
}

function cliJson(args) {
  // scan exits 1 when it finds errors; the JSON is still the answer.
  const result = run(process.execPath, [cli, ...args, '--format', 'json'], { allowFailure: true });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`retainer-lens ${args[0]} failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout);
}

/** Starts the example with --inspect=127.0.0.1:0 and resolves with its inspector URL and HTTP port. */
async function startExample() {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(example, 'src/server.js')], {
    cwd: example,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let inspectorUrl;
  let port;
  const ready = new Promise((resolve, reject) => {
    const check = () => inspectorUrl && port && resolve();
    child.stderr.setEncoding('utf8').on('data', (text) => {
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1];
      check();
    });
    child.stdout.setEncoding('utf8').on('data', (text) => {
      port ??= Number(/listening on (\d+)/.exec(text)?.[1]) || undefined;
      check();
    });
    child.once('exit', (code) => reject(new Error(`the example exited early (code ${code})`)));
    setTimeout(() => reject(new Error('the example did not start within 20 s')), 20_000).unref();
  });
  await ready;
  return { child, inspectorUrl, port };
}

async function requests(port, paths) {
  for (const path of paths) {
    const url = `http://127.0.0.1:${port}${path}`;
    // A kept-alive connection can be closed by the server while a capture paused it (seen once on a loaded
    // machine: "fetch failed" right after the baseline); the request never reached it, so send it again once.
    const response = await fetch(url).catch((error) => {
      console.log(`  retrying ${path} (${error?.cause?.code ?? error?.message ?? error})`);
      return fetch(url);
    });
    await response.arrayBuffer();
  }
}

const repeat = (n, make) => Array.from({ length: n }, (_, i) => make(i));
// One pass over every route: each leaky route leaks a little per request; /clean keeps nothing.
const exercise = (n, offset) => [
  ...repeat(n, (i) => `/report?id=${offset + i}`),
  ...repeat(n, () => '/session'),
  ...repeat(n, () => '/subscribe'),
  ...repeat(n, () => '/poll'),
  ...repeat(Math.ceil(n / 10), () => '/upload'),
  ...repeat(n, (i) => `/clean?n=${i}`),
];

function capture(inspectorUrl, name) {
  const file = join(snapshotDir, `demo-${name}.heapsnapshot`);
  run(process.execPath, [cli, 'capture', inspectorUrl, '-o', file, '--gc', '--quiet']);
  return file;
}

// The one formatter the explorer, the diagnostics, the CodeLens and the CLI use (Chrome's decimal units).
const { formatBytes } = await tsImport('../src/common/units.ts', import.meta.url);

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const name of ['baseline', 'target', 'final'])
    rmSync(join(snapshotDir, `demo-${name}.heapsnapshot`), { force: true });
  mkdirSync(snapshotDir, { recursive: true });

  step('Build and package the extension');
  run('npm', ['run', '--silent', 'package'], { stdio: 'inherit' });

  step(`Scan ${relative(root, example)} statically`);
  const findings = cliJson(['scan', example]);
  for (const f of findings) console.log(`  ${relative(root, f.file)}:${f.line}  ${f.rule}`);
  console.log(`  ${findings.length} findings`);

  step('Run the example with --inspect on loopback and capture heap snapshots around real requests');
  const app = await startExample();
  const report = join(outDir, 'report.md');
  let joined;
  try {
    await requests(app.port, exercise(5, 0)); // warm-up: lazily compiled code and caches exist before the baseline
    const baseline = capture(app.inspectorUrl, 'baseline');
    console.log(`  baseline captured`);
    await requests(app.port, exercise(200, 1000));
    const target = capture(app.inspectorUrl, 'target');
    console.log(`  target captured after ${exercise(200, 0).length} requests`);
    await requests(app.port, exercise(20, 5000));
    const final = capture(app.inspectorUrl, 'final');
    console.log('  final captured');

    step('Leak triage (baseline → target → final), joined with the static findings');
    joined = cliJson(['join', baseline, target, final, '--source', example, '--cwd', example, '--out', report]);
  } finally {
    app.child.kill();
    await once(app.child, 'exit').catch(() => {});
  }

  const at = (file, line) => `${relative(root, file)}:${line + 1}`;
  console.log(`\n  Confirmed findings (${joined.confirmed.length} of ${findings.length}):`);
  for (const c of joined.confirmed) console.log(`  ✔ ${c.message.replaceAll('`', '')}`);
  console.log('\n  Leak groups (by what holds them) and the static finding on their line:');
  joined.leaks.forEach((g, i) => {
    const match = joined.confirmed
      .filter((c) => c.confirmation.leakGroups?.includes(i))
      .map((c) => `${at(c.file, c.finding.range.start.line)} ${c.rule}`);
    // Groups retained through the objects of the group above them are indented under it.
    const indent = g.group.foldedInto === undefined ? '  - ' : '      └ ';
    const title = g.group.chain
      ? `${g.group.chain.links} links of ${g.group.className} via ${g.group.chain.via}`
      : `${g.group.count} × ${g.group.className}`;
    console.log(
      `${indent}${title}, ${formatBytes(g.group.retainedSize)}, held by ${g.group.holder?.text.replaceAll('`', '') ?? '?'} → ${match.length ? match.join(', ') : 'no static finding'}`,
    );
  });
  console.log('\n  Dead context variables (kept alive by a closure context, used by no live closure):');
  if (joined.dead.length === 0) console.log('  none');
  for (const d of joined.dead.slice(0, 5)) {
    const used = d.usedOnlyBy.map((u) => u.name).join(', ');
    console.log(
      `  - ${at(d.file, d.line)} ${d.name} (${d.className}): ${formatBytes(d.retainedSize)} in ${d.contexts} contexts of ${d.scope}${used ? `, used only by ${used}` : ''}`,
    );
  }
  step(`Report written to ${relative(root, report)}; snapshots in ${relative(root, snapshotDir)}/`);
}

const entry = process.argv.includes('--editor')
  ? import('./demoEditor.mjs').then((m) => m.demoInEditor(process.argv.slice(2)))
  : main();
entry.catch((error) => {
  // fetch hides the reason (connection reset, refused…) in its cause.
  const cause = error?.cause?.code ?? error?.cause?.message;
  console.error(`demo failed: ${error?.message ?? error}${cause ? ` (${cause})` : ''}`);
  process.exit(1);
});
