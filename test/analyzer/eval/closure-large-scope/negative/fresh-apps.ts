/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { ipcMain } from 'electron';
import { readFile } from 'fs/promises';

// The file text is never captured by a closure, and the reminder lives in another function's context.
ipcMain.handle('stats', async (_event, path: string) => {
  const contents = await readFile(path, 'utf8');
  const lines = contents.split('\n').length;
  armReminder(path);
  return lines;
});
function armReminder(path: string) {
  setTimeout(() => console.log('reminder', path), 10 * 60 * 1000);
}

// A short UI timer next to a large value: it fires almost at once, so nothing is retained for long.
export async function showReport(el: HTMLElement) {
  const rows = await (await fetch('/api/report')).json();
  const render = () => rows.map((r) => `<li>${r.name}</li>`).join('');
  el.innerHTML = render();
  setTimeout(() => el.classList.remove('loading'), 150);
}

// Large data at module level is retained by the module anyway; a run-once listener adds nothing.
const LOOKUP = new Array(2_000_000).fill(0);
const lookup = (i: number) => LOOKUP[i];
window.addEventListener('message', (e) => console.log(lookup(e.data)));
