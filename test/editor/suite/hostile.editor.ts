// Hostile snapshots in the real editor (issue 16): a snapshot written by a real Node process, copied with its
// script URL replaced by a FIFO outside the workspace, by /dev/zero, and by a `..` traversal written with
// backslashes to a file outside. Opening each in the retainer explorer runs the join at once (in the explorer's
// worker, with the workspace open); Go to source and the finding links take their paths from the snapshot too.
// None of them may read anything outside the workspace, block, or take the extension host or the explorer down.
// What the test watches outside the workspace: a regular file whose access time is set far in the past (any
// read moves it), and the FIFO itself, holding a payload the test wrote (any read takes it out).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import type { SnapshotInsight } from '../../../src/vscode/join/snapshotInsights';
import { browser } from './bridge';
import { closeExplorers, expandClass, openWith, sel, summaryRows, titleOf } from './explorerHelpers';

const APP = `const v8 = require('v8');
const held = [];
function make(i) {
  const big = new Array(2000).fill(i);
  return function heldTick() {
    return big.length;
  };
}
for (let i = 0; i < 300; i++) held.push(make(i));
globalThis.held = held;
v8.writeHeapSnapshot(process.argv[2]);
`;

/** Far in the past: a read sets the access time to now even on relatime mounts. */
const OLD = new Date('2001-01-01T00:00:00Z');
const PAYLOAD = 'written by the test; a read of this FIFO takes it out\n';

const workspace = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function api(): Promise<RetainerLensApi> {
  return (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
}

/** Resolves with the join's insight for `uri` once the join of that snapshot finished. */
function insightFor(insights: RetainerLensApi['insights'], uri: vscode.Uri): Promise<SnapshotInsight> {
  return new Promise((resolve) => {
    const sub = insights.onDidChange((insight) => {
      if (insight?.snapshot.toString() === uri.toString()) {
        sub.dispose();
        resolve(insight);
      }
    });
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

suite('hostile snapshots: script URLs naming a FIFO, /dev/zero and a file outside the workspace', () => {
  let dir: string;
  let outside: string;
  let app: string;
  let secret: string;
  let fifo: string;
  let fifoFd: number | undefined;
  const snapshots = new Map<string, vscode.Uri>();

  suiteSetup(async function () {
    this.timeout(120_000);
    await api();
    dir = join(workspace(), 'hostile');
    outside = join(workspace(), '..', 'hostile-outside');
    rmSync(outside, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    mkdirSync(outside, { recursive: true });
    app = join(dir, 'app.js');
    writeFileSync(app, APP);
    const original = join(dir, 'original.heapsnapshot');
    execFileSync(process.execPath, [app, original], { stdio: 'ignore', timeout: 60_000 });

    secret = join(outside, 'secret.js');
    writeFileSync(secret, APP);
    utimesSync(secret, OLD, OLD);
    fifo = join(outside, 'watched.fifo');
    execFileSync('mkfifo', [fifo]);
    // Held open for reading and writing (so no open of it blocks), non-blocking, with the payload in its buffer.
    fifoFd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    writeSync(fifoFd, PAYLOAD);

    const text = readFileSync(original, 'utf8');
    const quoted = JSON.stringify(app);
    assert.equal(text.split(quoted).length, 2, `the script URL once in ${original}`);
    const traversal = `${workspace()}${sep}hostile\\..\\..\\hostile-outside\\secret.js`;
    for (const [name, url] of [
      ['fifo', fifo],
      ['zero', '/dev/zero'],
      ['traversal', traversal],
      ['absolute', secret],
    ]) {
      const file = join(dir, `${name}.heapsnapshot`);
      writeFileSync(file, text.replace(quoted, JSON.stringify(url)));
      snapshots.set(name, vscode.Uri.file(file));
    }
    // The check below means something here: this file system records reads in access times.
    const probe = join(outside, 'probe');
    writeFileSync(probe, 'x');
    utimesSync(probe, OLD, OLD);
    readFileSync(probe);
    assert.notEqual(statSync(probe).atimeMs, OLD.getTime(), 'access times do not record reads here');
  });

  suiteTeardown(async () => {
    await closeExplorers();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (fifoFd !== undefined) closeSync(fifoFd);
    rmSync(outside, { recursive: true, force: true });
  });

  const described: Record<string, string> = {
    fifo: 'a FIFO outside',
    zero: '/dev/zero',
    traversal: 'a \\..\\ traversal',
    absolute: 'a file outside by its absolute path',
  };
  for (const name of Object.keys(described)) {
    test(`hostile: the snapshot naming ${described[name]} opens, joins and maps nothing outside`, async function () {
      this.timeout(120_000);
      const uri = snapshots.get(name)!;
      const { insights } = await api();
      const joined = insightFor(insights, uri);
      await closeExplorers();
      await openWith(uri);
      // The explorer shows the snapshot: its Summary lists the program's objects.
      const rows = await summaryRows(uri, 60_000);
      assert.ok(rows.length > 0, 'Summary rows');
      // The join over it ends (a blocking read of the FIFO or an endless one of /dev/zero never would).
      const insight = await within(joined, 60_000, `the join of ${titleOf(uri)}`);
      const ws = workspace() + sep;
      for (const f of insight.report.files.filter((f) => f.mapped))
        assert.ok(f.file.startsWith(ws), `mapped outside the workspace: ${f.file}`);
      assert.ok(!insight.report.files.some((f) => f.mapped && f.file === app), 'app.js is not what the URL names');
      // The extension host answers a round trip through the workbench (our CodeLens provider runs in it).
      const doc = await vscode.workspace.openTextDocument(app);
      const lenses = await within(
        Promise.resolve(vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)),
        30_000,
        'the extension host to answer',
      );
      assert.deepEqual(lenses ?? [], [], 'no lens: nothing mapped to app.js');
    });
  }

  for (const name of ['zero', 'traversal', 'absolute']) {
    test(`hostile: Go to source on a closure of the ${name} snapshot says where it is, opens nothing`, async function () {
      this.timeout(120_000);
      const uri = snapshots.get(name)!;
      const title = titleOf(uri);
      await closeExplorers();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await openWith(uri);
      await summaryRows(uri, 60_000);
      await expandClass(title, 'Function');
      await browser('webviewClick', { selector: sel.summaryRows, pattern: '^Function heldTick @', title });
      await browser('webviewWaitFor', { selector: sel.subject, pattern: 'heldTick.*@\\d+', title });
      const button = '.rl-details button[title^="Open the function at "]';
      await browser('webviewWaitFor', { selector: button, title });
      await browser('webviewClick', { selector: button, title });
      const notice = await browser<string>('webviewWaitFor', {
        selector: '.rl-notice',
        pattern: 'No workspace file matches',
        title,
        timeoutMs: 30_000,
      });
      assert.match(notice, name === 'zero' ? /\/dev\/zero/ : /secret\.js/);
      const opened = vscode.workspace.textDocuments.map((d) => d.uri.fsPath);
      assert.ok(!opened.some((p) => p === '/dev/zero' || p.startsWith(outside)), `opened: ${opened.join(', ')}`);
      await browser('webviewScreenshot', { name: `hostile-go-to-source-${name}`, title });
    });
  }

  test('hostile: nothing outside the workspace was read (the watched file and the FIFO)', () => {
    assert.equal(statSync(secret).atimeMs, OLD.getTime(), `${secret} was read`);
    const buffer = Buffer.alloc(PAYLOAD.length * 2);
    let read = 0;
    try {
      read = readSync(fifoFd!, buffer, 0, buffer.length, null);
    } catch (error) {
      // EAGAIN: the FIFO is empty, someone read the payload out.
      assert.fail(`${fifo} was read: ${(error as Error).message}`);
    }
    assert.equal(buffer.subarray(0, read).toString('utf8'), PAYLOAD, `${fifo} was read`);
  });
});
