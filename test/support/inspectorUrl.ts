// The ws:// address a `node --inspect=127.0.0.1:0` child prints on stderr, or a rejection naming what it printed
// when it exits or stays silent for 15 s first.
import type { ChildProcess } from 'node:child_process';

export function inspectorUrlOf(child: ChildProcess, label: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no inspector line from ${label}: ${text}`)), 15_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (part: string) => {
      text += part;
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}) before its inspector listened: ${text}`));
    });
  });
}
