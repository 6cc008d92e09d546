// Mapping a script URL from a snapshot (`file:///app/src/a.js`, `/app/src/a.js`, `webpack://app/./src/a.js`,
// `node:internal/…`) to a file in the workspace, through the trust boundary. vscode-free so it is unit-tested
// in plain Node.
import type { WorkspaceFiles } from '../../common/workspaceFiles';

/** Scripts that never live in the user's workspace. */
const NOT_USER_CODE = /^(node:|internal\/|chrome-extension:|extensions::|v8\/|evalmachine\.|VM\d+)/;

/** `\\server\share` and `//server/share`: on Windows a path there reaches the network. */
const UNC = /^[\\/]{2}/;

export interface ScriptPath {
  /** An absolute file path to try as it is, when the URL names one. */
  absolute?: string;
  /** Path segments, last = file name, to match against workspace files by suffix. */
  segments: string[];
}

export function parseScriptUrl(url: string | undefined): ScriptPath | null {
  if (!url || NOT_USER_CODE.test(url)) return null;
  let path = url;
  let absolute: string | undefined;
  if (/^file:\/\//i.test(url)) {
    try {
      const parsed = new URL(url);
      path = decodeURIComponent(parsed.pathname);
      if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1); // file:///C:/x → C:/x
      // file://server/share/x is a UNC path: never opened (it would reach the network), matched by suffix only.
      if (parsed.host === '') absolute = path;
    } catch {
      return null; // not a valid file URL: no workspace path (the caller says so to the user)
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, ''); // webpack://app/./src/a.js → /./src/a.js
  } else if (UNC.test(url)) {
    // \\server\share\x or //server/share/x: matched by suffix only, never opened.
  } else if (url.startsWith('/') || /^[A-Za-z]:[\\/]/.test(url)) {
    absolute = url;
  }
  const segments = path.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..');
  if (segments.length === 0) return null;
  return { absolute, segments };
}

/**
 * Where Go to source may go for a script URL: the file it names when that passes the trust boundary
 * (src/common/workspaceFiles.ts: a regular file whose real path is in the workspace), else the workspace file
 * sharing the longest path suffix with it among `find(fileName)`'s (each passing the boundary too). Nothing
 * outside the workspace is opened, stat'ed or read: such a URL gets undefined, and the caller shows it.
 */
export async function sourceTarget(
  url: string | undefined,
  files: WorkspaceFiles,
  find: (fileName: string) => Promise<string[]>,
): Promise<string | undefined> {
  const script = parseScriptUrl(url);
  if (!script) return undefined;
  if (script.absolute) {
    const checked = await files.check(script.absolute);
    if (checked.ok) return checked.path;
  }
  const found = await find(script.segments[script.segments.length - 1]);
  const allowed: string[] = [];
  for (const file of found) if ((await files.check(file)).ok) allowed.push(file);
  return bestMatch(script, allowed);
}

/** How many trailing path segments two paths share (case-sensitive). */
function sharedSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** The candidate sharing the longest suffix with the script path (at least the file name), or undefined. */
export function bestMatch(script: ScriptPath, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const score = sharedSuffix(script.segments, candidate.split(/[\\/]+/).filter(Boolean));
    if (score > bestScore || (score === bestScore && best !== undefined && candidate.length < best.length)) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore > 0 ? best : undefined;
}
