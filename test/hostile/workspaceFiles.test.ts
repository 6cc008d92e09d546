// The trust boundary itself (src/common/workspaceFiles.ts) and Go to source's use of it, on real files, links,
// FIFOs and devices: every refusal comes before a read that could block or leave the workspace.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toLocalPath, WorkspaceFiles } from '../../src/common/workspaceFiles';
import { parseScriptUrl, sourceTarget } from '../../src/vscode/explorer/sourcePath';
import { tempDirForProcess } from '../support/tempDir';

const posix = process.platform !== 'win32';

describe('toLocalPath: a snapshot URL to a local path, touching nothing', () => {
  it('refuses UNC shares and file URLs with a host', () => {
    for (const url of [
      '\\\\host\\share\\app.js',
      '//host/share/app.js',
      '\\\\?\\C:\\app.js',
      '\\\\.\\pipe\\x',
      'file://host/share/app.js',
    ])
      assert.equal(toLocalPath(url, '/ws'), undefined, url);
  });

  it('takes `\\` and `/` both as separators and resolves `..` (on POSIX too)', { skip: !posix }, () => {
    assert.equal(toLocalPath('a\\..\\..\\etc\\passwd', '/ws/app'), '/ws/etc/passwd');
    assert.equal(toLocalPath('src\\a.js', '/ws'), '/ws/src/a.js');
    assert.equal(toLocalPath('file:///ws/src/..%2F..%2Fetc/passwd', '/'), undefined, 'an encoded / is malformed');
    assert.equal(toLocalPath('C:\\app\\a.js', '/ws'), '/C:/app/a.js', 'a Windows path stays absolute');
  });

  it('refuses other schemes and NUL', () => {
    for (const url of ['node:fs', 'https://x/a.js', 'webpack://app/a.js', 'data:,x', 'a\0b']) {
      assert.equal(toLocalPath(url, '/ws'), undefined, url);
    }
  });
});

describe('WorkspaceFiles: only regular files whose real path is inside the workspace', { skip: !posix }, () => {
  const dir = tempDirForProcess('retainer-lens-boundary-');
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  let files: WorkspaceFiles;

  before(() => {
    mkdirSync(join(ws, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(ws, 'src', 'a.js'), 'inside\n');
    writeFileSync(join(outside, 'secret.js'), 'secret\n');
    symlinkSync(join('..', 'outside', 'secret.js'), join(ws, 'out.js'));
    symlinkSync(join('src', 'a.js'), join(ws, 'in.js'));
    symlinkSync(outside, join(ws, 'outdir'));
    symlinkSync('/dev/zero', join(ws, 'zero.js'));
    execFileSync('mkfifo', [join(ws, 'fifo.js'), join(outside, 'fifo.js')]);
    symlinkSync(ws, join(dir, 'wslink'));
    files = new WorkspaceFiles([ws]);
  });

  const reason = async (f: WorkspaceFiles, path: string) => {
    const r = await f.readText(path);
    return r.ok ? `ok: ${r.text.trim()}` : r.reason;
  };

  it('reads a workspace file, and one reached through a link that stays inside', async () => {
    assert.equal(await reason(files, join(ws, 'src', 'a.js')), 'ok: inside');
    assert.equal(await reason(files, join(ws, 'in.js')), 'ok: inside');
    assert.equal(await reason(files, join(ws, 'src', 'x', '..', 'a.js')), 'ok: inside');
  });

  it('refuses what is outside, as written or once links are resolved', async () => {
    assert.equal(await reason(files, join(outside, 'secret.js')), 'outside the workspace');
    assert.equal(await reason(files, join(ws, '..', 'outside', 'secret.js')), 'outside the workspace');
    assert.equal(await reason(files, `${ws}/src\\..\\..\\..\\outside\\secret.js`), 'outside the workspace');
    assert.equal(await reason(files, join(ws, 'out.js')), 'outside the workspace');
    assert.equal(await reason(files, join(ws, 'outdir', 'secret.js')), 'outside the workspace');
    assert.equal(await reason(files, join(ws, 'zero.js')), 'outside the workspace');
    assert.equal(await reason(files, '//host/share/a.js'), 'not a local path');
    assert.equal(await reason(files, 'src/a.js'), 'not a local path', 'relative: the caller resolves it');
  });

  it('refuses FIFOs, devices and folders without blocking', async () => {
    assert.equal(await reason(files, join(ws, 'fifo.js')), 'not a regular file');
    assert.equal(await reason(files, join(outside, 'fifo.js')), 'outside the workspace');
    assert.equal(await reason(files, join(ws, 'src')), 'not a regular file');
    assert.equal(await reason(new WorkspaceFiles(['/dev']), '/dev/zero'), 'not a regular file');
    // /dev/stdin leads to /proc/self/fd/0 and on to a pipe or terminal: never read, whatever the refusal says.
    assert.doesNotMatch(await reason(new WorkspaceFiles(['/dev']), '/dev/stdin'), /^ok/);
  });

  it('roots are compared by their real paths: a workspace opened through a link', async () => {
    const viaLink = new WorkspaceFiles([join(dir, 'wslink')]);
    assert.equal(await reason(viaLink, join(dir, 'wslink', 'src', 'a.js')), 'ok: inside');
    assert.equal(await reason(viaLink, join(dir, 'wslink', 'out.js')), 'outside the workspace');
  });

  it('caps the size, and cancels', async () => {
    assert.equal(await reason(new WorkspaceFiles([ws], { maxBytes: 3 }), join(ws, 'src', 'a.js')), 'too large');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new WorkspaceFiles([ws], { signal: controller.signal }).readText(join(ws, 'src', 'a.js')), {
      name: 'AbortError',
    });
  });

  it('a file swapped for a FIFO or a link after the check is refused at the open, without blocking', async () => {
    const swapped = join(ws, 'src', 'swap.js');
    for (const swap of [
      () => execFileSync('mkfifo', [swapped]),
      () => symlinkSync(join(outside, 'secret.js'), swapped),
    ]) {
      writeFileSync(swapped, 'before\n');
      const f = new WorkspaceFiles([ws]);
      assert.ok((await f.check(swapped)).ok);
      rmSync(swapped);
      swap();
      assert.notEqual(await reason(f, swapped), 'ok: secret');
      assert.match(await reason(f, swapped), /^(not a regular file|outside the workspace)$/);
      rmSync(swapped);
    }
    // A folder on the way swapped for a link out: the open descriptor is not the file checked.
    mkdirSync(join(ws, 'sub'));
    writeFileSync(join(ws, 'sub', 'secret.js'), 'sub\n');
    const f = new WorkspaceFiles([ws]);
    assert.ok((await f.check(join(ws, 'sub', 'secret.js'))).ok);
    renameSync(join(ws, 'sub'), join(dir, 'sub-moved'));
    symlinkSync(outside, join(ws, 'sub'));
    assert.equal(await reason(f, join(ws, 'sub', 'secret.js')), 'outside the workspace');
  });
});

describe('Go to source: the file a script URL names, through the boundary', { skip: !posix }, () => {
  const dir = tempDirForProcess('retainer-lens-gotosource-');
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  mkdirSync(join(ws, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(ws, 'src', 'app.js'), 'app\n');
  writeFileSync(join(outside, 'secret.js'), 'secret\n');
  symlinkSync(join(outside, 'secret.js'), join(ws, 'src', 'secret.js'));
  const files = new WorkspaceFiles([ws]);
  const asked: string[] = [];
  // The workspace's own files by name, as findFiles lists them.
  const find = async (name: string): Promise<string[]> => {
    asked.push(name);
    return readdirSync(join(ws, 'src'))
      .filter((f) => f === name)
      .map((f) => join(ws, 'src', f));
  };

  it('opens a workspace file by its path or URL', async () => {
    assert.equal(await sourceTarget(join(ws, 'src', 'app.js'), files, find), join(ws, 'src', 'app.js'));
    assert.equal(
      await sourceTarget(pathToFileURL(join(ws, 'src', 'app.js')).href, files, find),
      join(ws, 'src', 'app.js'),
    );
    assert.equal(await sourceTarget('/ci/build/src/app.js', files, find), join(ws, 'src', 'app.js'));
  });

  it('never opens a file outside: an absolute path, a link out, /dev/zero, a traversal', async () => {
    assert.equal(await sourceTarget(join(outside, 'secret.js'), files, find), undefined);
    assert.equal(await sourceTarget(join(ws, 'src', 'secret.js'), files, find), undefined);
    assert.equal(await sourceTarget('/dev/zero', files, find), undefined);
    assert.equal(await sourceTarget(`${ws}/src\\..\\..\\outside\\secret.js`, files, find), undefined);
    assert.ok(statSync(join(outside, 'secret.js')).isFile());
  });

  it('never takes a UNC path as a path (on Windows it reaches the network); its file name may match', async () => {
    for (const url of ['//host/share/src/app.js', '\\\\host\\share\\src\\app.js', 'file://host/share/src/app.js']) {
      assert.equal(parseScriptUrl(url)?.absolute, undefined, url);
      assert.equal(await sourceTarget(url, files, find), join(ws, 'src', 'app.js'), url);
    }
  });
});
