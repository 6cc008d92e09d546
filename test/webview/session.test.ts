// The host side without a browser: what ExplorerSession lets a webview ask of the real worker, that it
// reports load progress, that disposing ends the worker; and a static check that no webview code parses HTML.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createHeapWorker } from '../../src/service/workerClient';
import { ExplorerSession } from '../../src/explorer/explorerSession';
import { bestMatch, parseScriptUrl } from '../../src/vscode/explorer/sourcePath';
import { contentSecurityPolicy, explorerHtml } from '../../src/vscode/explorer/webviewHtml';
import type { HostToWebview } from '../../src/explorer/messages';
import { displayText } from '../../src/webview/format';
import { formatBytes } from '../../src/common/units';
import { neutralize } from '../../src/common/text';
import { buildBundles, OUTPUT, removeSnapshots, ROOT, writeSnapshots, type Snapshots } from './harness';

let snapshots: Snapshots;

before(async () => {
  snapshots = writeSnapshots(['leaky']);
  await buildBundles();
});

after(() => removeSnapshots(snapshots));

function session(): {
  s: ExplorerSession;
  posted: unknown[];
  reply(id: number): Promise<{ result?: unknown; error?: { code: string; message: string } }>;
} {
  const posted: unknown[] = [];
  const s = new ExplorerSession(createHeapWorker(join(OUTPUT, 'bundle', 'heapWorker.js')), {
    post: (m) => posted.push(m),
  });
  const reply = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const found = posted.find((m) => (m as { id?: number }).id === id);
      if (found) return found as { result?: unknown; error?: { code: string; message: string } };
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no reply to ${id}`);
  };
  return { s, posted, reply };
}

test('relays queries on its own snapshots, refuses file access and foreign handles, ends the worker', async () => {
  const { s, posted, reply } = session();
  const state = await s.open('main', snapshots.target, 'target.heapsnapshot');
  assert.equal(state.phase, 'ready');
  const statuses = posted.filter((m): m is HostToWebview => (m as HostToWebview).host === 'status');
  assert.ok(statuses.length >= 2, 'loading and ready were reported');
  s.receive({ host: 'ready' });
  assert.equal((posted.at(-1) as HostToWebview).host, 'status');

  s.receive({ id: 1, method: 'summary', params: { snapshot: state.handle, filter: 'LeakyRecord', limit: 5 } });
  const summary = await reply(1);
  assert.equal((summary.result as { items: { name: string; count: number }[] }).items[0].count, 1000);

  s.receive({ id: 2, method: 'open', params: { path: '/etc/passwd', snapshot: 'x' } });
  assert.equal((await reply(2)).error?.code, 'bad-request');
  s.receive({ id: 3, method: 'summary', params: { snapshot: snapshots.target } });
  assert.equal((await reply(3)).error?.code, 'bad-request');
  s.receive({ id: 4, method: 'close', params: { snapshot: state.handle } });
  assert.equal((await reply(4)).error?.code, 'bad-request');
  s.receive({ id: 5, method: 'diff', params: { base: 'compare#9', current: state.handle } });
  assert.equal((await reply(5)).error?.code, 'bad-request');
  s.receive('not a message');
  s.receive({ id: 'x', method: 'summary' });

  assert.equal(await s.dispose(), 1, 'the worker was terminated');
});

test('a missing file is reported as an error state, not a crash', async () => {
  const { s } = session();
  const state = await s.open('main', join(snapshots.dir, 'missing.heapsnapshot'), 'missing.heapsnapshot');
  assert.equal(state.phase, 'error');
  assert.match(state.error ?? '', /missing\.heapsnapshot/);
  await s.dispose();
});

test('the page is a static shell with a nonce CSP and no network', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.equal(
    csp,
    "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; " +
      "img-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'",
  );
  const html = explorerHtml({
    cspSource: 'vscode-resource:',
    nonce: 'abc123',
    scriptUri: 'x/webview.js',
    styleUri: 'x/explorer.css',
    codiconsUri: 'x/codicon.css',
    title: '<img src=x onerror=1>.heapsnapshot',
  });
  assert.ok(html.includes('<script nonce="abc123" src="x/webview.js"></script>'));
  assert.ok(!html.includes('<img'), 'the title is escaped');
});

test('display text is cut, and bidi and control characters are made visible', () => {
  assert.equal(neutralize('a\u202Eb\u2066c\n'), 'a<U+202E>b<U+2066>c\\n');
  const huge = 'x'.repeat(10 * 1024 * 1024);
  assert.equal(displayText(huge, 100).length, 101);
  assert.equal(displayText('😀'.repeat(100), 3), '😀…');
  assert.equal(formatBytes(10_485_776), '10.5 MB');
  assert.equal(formatBytes(999), '999 B');
});

test('no webview code parses HTML or evaluates strings', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.push(full);
    }
  };
  walk(join(ROOT, 'src/webview'));
  const forbidden =
    /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|\.setAttribute\(\s*['"](on|style|href|src)/;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, forbidden, file);
  }
  assert.ok(files.length > 10);
});

test('script URLs map to workspace files by path suffix', () => {
  assert.deepEqual(parseScriptUrl('file:///home/me/app/src/a.js'), {
    absolute: '/home/me/app/src/a.js',
    segments: ['home', 'me', 'app', 'src', 'a.js'],
  });
  assert.deepEqual(parseScriptUrl('file:///C:/app/a%20b.js'), {
    absolute: 'C:/app/a b.js',
    segments: ['C:', 'app', 'a b.js'],
  });
  assert.deepEqual(parseScriptUrl('/srv/app/server.js'), {
    absolute: '/srv/app/server.js',
    segments: ['srv', 'app', 'server.js'],
  });
  assert.deepEqual(parseScriptUrl('webpack://app/./src/cache.ts?abc'), {
    absolute: undefined,
    segments: ['src', 'cache.ts'],
  });
  assert.equal(parseScriptUrl('node:internal/timers'), null);
  assert.equal(parseScriptUrl(undefined), null);
  const script = parseScriptUrl('/ci/build/checkout/src/cache.ts')!;
  assert.equal(bestMatch(script, ['/ws/test/cache.ts', '/ws/src/cache.ts', '/ws/other.ts']), '/ws/src/cache.ts');
  assert.equal(bestMatch(script, ['/ws/other.ts']), undefined);
});
