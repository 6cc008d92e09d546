/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
const { ipcMain } = require('electron');

// Electron main: every opened path is remembered for the life of the app.
const openedFiles = []; // expect: unbounded-collection
ipcMain.on('file-opened', (_event, path) => {
  openedFiles.push(path);
});

// Service worker: client ids seen by the fetch handler accumulate.
const seenClients = new Set(); // expect: unbounded-collection
self.addEventListener('fetch', (event) => {
  seenClients.add(event.clientId);
});

// Memoize helper keyed by string argument; the exported wrapper lives forever.
function memoize(fn) {
  const cache = new Map(); // expect: unbounded-collection
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key);
  };
}
export const slugify = memoize((title) => title.toLowerCase().replace(/\W+/g, '-'));
