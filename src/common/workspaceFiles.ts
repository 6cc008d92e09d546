// The trust boundary for every path a heap snapshot names: script URLs, source-map files and their sources,
// the files "Go to source" and the finding links open. A snapshot is untrusted input, so such a path is read
// only when, in this order, with no file system access before the first check passes:
//   1. it is a local path (a file: URL without a host, an absolute or a relative path; never a UNC share,
//      which on Windows would reach the network), with `\` and `/` both taken as separators and `..` resolved
//      (on POSIX a backslash is a file name character, so `a\..\..\etc\passwd` would otherwise pass);
//   2. it is inside a workspace root as written;
//   3. its real path (every symlink resolved) is inside a root's real path;
//   4. it is a regular file (no FIFO, device, socket or folder: those block a reader or never end) of at most
//      `maxBytes`, checked with lstat before opening and again with fstat on the open descriptor;
// and it is read asynchronously in chunks, cancellable between them, opened non-blocking and without following
// a final symlink; the open descriptor must be the very file checked (and on Linux lead inside the workspace),
// so a file or folder swapped for a FIFO or a link between the checks and the open is still refused.
// Outside the workspace a path is shown, never opened or read.
import { constants } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The largest source, bundle or source map read (a multi-megabyte bundle is fine, a stray binary is not). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 1 << 20;

/** Why a path was not read. */
export type Refusal = 'not a local path' | 'outside the workspace' | 'missing' | 'not a regular file' | 'too large';

export type Checked =
  { ok: true; path: string; real: string; size: number; dev: number; ino: number } | { ok: false; reason: Refusal };
export type ReadText = { ok: true; path: string; text: string } | { ok: false; reason: Refusal };

const WINDOWS = process.platform === 'win32';
/** Two separators first: `\\host\share`, `//host/share`, and Windows' `\\?\` and `\\.\` device paths. */
const UNC = /^[\\/]{2}/;
const DRIVE = /^[A-Za-z]:[\\/]/;

/**
 * The absolute local path a snapshot's URL or path names, resolved against `cwd` and normalized with both
 * separators; undefined for other schemes (`node:`, `https:`, `webpack:`), malformed file URLs and UNC paths.
 * Touches no file.
 */
export function toLocalPath(value: string, cwd: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.includes('\0')) return undefined;
  let path = value;
  if (/^file:/i.test(value)) {
    try {
      // A host (file://server/share/x) is a UNC path on Windows and an error on POSIX.
      if (new URL(value).host !== '') return undefined;
      path = fileURLToPath(value);
    } catch {
      return undefined; // a malformed file URL names no file
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !DRIVE.test(value)) {
    return undefined;
  }
  if (UNC.test(path)) return undefined;
  if (!WINDOWS) {
    // A Windows drive path from another machine stays absolute here (suffix matching may still find it).
    if (DRIVE.test(path)) path = '/' + path;
    path = path.replace(/\\/g, '/');
  }
  const absolute = resolve(cwd, path);
  return UNC.test(absolute) ? undefined : absolute;
}

/** Whether absolute, normalized `path` is `root` or inside it. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

export interface WorkspaceFilesOptions {
  maxBytes?: number;
  /** Aborts reads between chunks (and every later call). */
  signal?: AbortSignal;
}

/** The workspace roots and everything read through the boundary, cached per path for one job (a join). */
export class WorkspaceFiles {
  readonly roots: string[];
  private realRoots?: Promise<string[]>;
  private readonly checked = new Map<string, Promise<Checked>>();
  private readonly texts = new Map<string, Promise<ReadText>>();
  private readonly maxBytes: number;

  constructor(
    roots: readonly string[],
    private readonly options: WorkspaceFilesOptions = {},
  ) {
    this.roots = roots.filter((r) => typeof r === 'string' && isAbsolute(r) && !UNC.test(r)).map((r) => resolve(r));
    this.maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  }

  /** Step 2 alone, no file system access: whether an absolute path is inside a root as written. */
  contains(path: string): boolean {
    return isAbsolute(path) && !UNC.test(path) && this.roots.some((r) => isInside(resolve(path), r));
  }

  private async resolvedRoots(): Promise<string[]> {
    this.realRoots ??= Promise.all(
      this.roots.map((r) =>
        realpath(r).then(
          (real) => real,
          () => undefined, // a root that is gone contains nothing
        ),
      ),
    ).then((reals) => reals.filter((r): r is string => r !== undefined));
    return this.realRoots;
  }

  /**
   * Steps 1–4 without reading: the path as written (the caller's name for it, e.g. the editor's document
   * path) and its real path, when it is a regular file inside the workspace.
   */
  check(path: string): Promise<Checked> {
    let result = this.checked.get(path);
    if (!result) {
      result = this.checkOnce(path);
      this.checked.set(path, result);
    }
    return result;
  }

  private async checkOnce(path: string): Promise<Checked> {
    this.options.signal?.throwIfAborted();
    const written = typeof path === 'string' && isAbsolute(path) ? toLocalPath(path, sep) : undefined;
    if (written === undefined) return { ok: false, reason: 'not a local path' };
    if (!this.contains(written)) return { ok: false, reason: 'outside the workspace' };
    let real: string;
    try {
      real = await realpath(written);
    } catch (error) {
      if (isMissing(error)) return { ok: false, reason: 'missing' };
      throw error;
    }
    if (!(await this.resolvedRoots()).some((r) => isInside(real, r)))
      return { ok: false, reason: 'outside the workspace' };
    const st = await lstat(real);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > this.maxBytes) return { ok: false, reason: 'too large' };
    return { ok: true, path: written, real, size: st.size, dev: st.dev, ino: st.ino };
  }

  /** A workspace file's text (UTF-8), read through every check above; cached per path. */
  readText(path: string): Promise<ReadText> {
    let result = this.texts.get(path);
    if (!result) {
      result = this.readOnce(path);
      this.texts.set(path, result);
    }
    return result;
  }

  private async readOnce(path: string): Promise<ReadText> {
    const checked = await this.check(path);
    if (!checked.ok) return checked;
    // O_NONBLOCK: opening a FIFO swapped in after the check returns at once; O_NOFOLLOW: a final symlink
    // swapped in is refused (both 0 where the platform lacks them).
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
    let handle;
    try {
      handle = await open(checked.real, flags);
    } catch (error) {
      if (isMissing(error)) return { ok: false, reason: 'missing' };
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { ok: false, reason: 'not a regular file' };
      throw error;
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
      // Another file than the one checked (a folder on the way swapped for a link): refused.
      if (st.dev !== checked.dev || st.ino !== checked.ino || !(await this.openedInside(handle.fd)))
        return { ok: false, reason: 'outside the workspace' };
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        this.options.signal?.throwIfAborted();
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, this.maxBytes + 1 - total));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
        total += bytesRead;
        // The file grew past the cap after the checks: refused, not cut.
        if (total > this.maxBytes) return { ok: false, reason: 'too large' };
      }
      return { ok: true, path: checked.path, text: Buffer.concat(chunks, total).toString('utf8') };
    } finally {
      await handle.close();
    }
  }

  private async openedInside(fd: number): Promise<boolean> {
    const opened = await openedPath(fd);
    return opened === undefined || (await this.resolvedRoots()).some((r) => isInside(opened, r));
  }
}

/** Where Linux says an open descriptor leads; elsewhere the checks before the open stand alone. */
async function openedPath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined; // no /proc (a container without it): the dev/ino comparison stands alone
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
