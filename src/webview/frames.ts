// How an allocation frame reads: `fillCache  cache.ts:12`, the function's name and where it starts — in the
// workspace file the join mapped it to (the `.ts` line of a bundled program), else the script V8 named. A frame
// is a function, not the allocating statement; the words say so wherever a frame stands for a site.
import type { MappedFrame } from '../service/protocol';
import { el, textSpan } from './dom';
import type { Rpc } from './rpc';

export function frameName(frame: MappedFrame): string {
  return frame.name || '(anonymous)';
}

/** `cache.ts:12` (1-based), `node:events:470`, or `native` for built-ins. */
export function frameWhere(frame: MappedFrame): string {
  if (frame.source) return `${baseName(frame.source.file)}:${frame.source.line + 1}`;
  if (!frame.url) return 'native';
  return frame.line >= 0 ? `${baseName(frame.url)}:${frame.line + 1}` : baseName(frame.url);
}

/** The full place for a tooltip: the workspace path (and the generated script it came from), or the URL. */
export function frameTitle(frame: MappedFrame): string {
  const at = (file: string, line: number, column: number) =>
    line >= 0 ? `${file}:${line + 1}:${column + 1}` : file || 'a built-in function';
  const original = frame.source ? at(frame.source.file, frame.source.line, frame.source.column) : undefined;
  const generated = at(frame.url, frame.line, frame.column);
  return original ? `${frameName(frame)} at ${original} (script ${generated})` : `${frameName(frame)} at ${generated}`;
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '') || path;
}

/** Whether the host can try to open it: it has a script and a line. */
export function openable(frame: MappedFrame): boolean {
  return Boolean(frame.url) && frame.line >= 0;
}

/**
 * `fillCache cache.ts:12`: the name, then the place as a link that opens the function in the editor (the host
 * checks the file is in the workspace). The click does not select the row.
 */
export function frameLabel(frame: MappedFrame, rpc: Rpc, snapshot: string, prefix?: string): HTMLSpanElement {
  const span = el('span', { className: 'rl-name rl-frame', title: frameTitle(frame) });
  if (prefix) span.appendChild(el('span', { className: 'rl-muted' }, prefix));
  span.appendChild(textSpan(frameName(frame), 'rl-function', 80));
  span.appendChild(document.createTextNode(' '));
  if (openable(frame)) {
    const link = el(
      'a',
      {
        className: 'rl-link rl-frame-link',
        attrs: { href: '#', role: 'link', 'aria-label': `Open ${frameName(frame)} at ${frameWhere(frame)}` },
      },
      textSpan(frameWhere(frame), undefined, 80),
    );
    link.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      rpc.send({ host: 'openFrame', snapshot, frame });
    });
    span.appendChild(link);
  } else {
    span.appendChild(textSpan(frameWhere(frame), 'rl-muted', 80));
  }
  return span;
}
