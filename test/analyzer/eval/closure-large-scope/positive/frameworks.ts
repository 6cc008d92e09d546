/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Component, OnInit } from '@angular/core';
import { onMounted } from 'vue';
import { readFile } from 'node:fs/promises';
import { configBus } from './bus';

@Component({ selector: 'app-chart', template: '' })
export class ChartComponent implements OnInit {
  async ngOnInit() {
    const res = await fetch('/api/series');
    const series = await res.json();
    const max = () => Math.max(...series.points);
    console.log(max());
    window.addEventListener('resize', () => this.redraw()); // expect: closure-large-scope, listener-not-removed
  }
  redraw() {}
}

export function useDataset(url: string) {
  onMounted(async () => {
    const text = await (await fetch(url)).text();
    const lines = () => text.split('\n');
    console.log(lines().length);
    setInterval(() => console.log('poll'), 15000); // expect: closure-large-scope, interval-not-cleared
  });
}

export async function watchConfig(path: string, emitter: NodeJS.EventEmitter) {
  const raw = await readFile(path);
  const parse = () => JSON.parse(raw.toString());
  parse();
  configBus.on('reload', () => console.log('reload requested')); // expect: closure-large-scope, listener-not-removed
}

export class Uploader {
  start(file: Blob) {
    const chunk = new Uint8Array(8 * 1024 * 1024);
    const hash = () => chunk.reduce((a, b) => a ^ b, 0);
    hash();
    document.addEventListener('visibilitychange', () => this.pause()); // expect: closure-large-scope, listener-not-removed
  }
  pause() {}
}
