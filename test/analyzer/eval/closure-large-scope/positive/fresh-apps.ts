/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { ipcMain } from 'electron';
import { readFile } from 'fs/promises';
import * as d3 from 'd3';

// Electron main: the opened file is only needed by `wordCount`, but a ten-minute reminder shares its context.
ipcMain.handle('open-file', async (_event, path: string) => {
  const contents = await readFile(path, 'utf8');
  const wordCount = () => contents.split(/\s+/).length;
  setTimeout(() => { // expect: closure-large-scope
    console.log('autosave reminder');
  }, 10 * 60 * 1000);
  return wordCount();
});

// D3 chart: the resize handler stored on window keeps the whole series the draw helper captured.
export async function renderChart(el: HTMLElement) {
  const series = await (await fetch('/api/series')).json();
  const draw = () => d3.select(el).selectAll('circle').data(series).join('circle');
  draw();
  window.onresize = () => { // expect: closure-large-scope
    el.style.width = `${window.innerWidth}px`;
  };
}

// A typed widget class: the scroll buffer captured by a sibling stays with the stored callback.
const registry = { onFlush: null as null | (() => void) };
export class TelemetryPanel {
  #name = 'telemetry';
  attach(count: number) {
    const samples = new Float64Array(count * 4096);
    const reset = () => samples.fill(0);
    reset();
    registry.onFlush = () => console.log(this.#name); // expect: closure-large-scope
  }
}
