/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { app, ipcMain, BrowserWindow } from 'electron';
import { Component, OnDestroy, OnInit } from '@angular/core';
import { fromEvent, Subject, takeUntil } from 'rxjs';
import { onMounted, onUnmounted } from 'vue';

// Run-once registrations in the main process, and listeners on a window created right here.
ipcMain.on('quit', () => app.quit());
export function openEditor() {
  const win = new BrowserWindow({ width: 800 });
  win.on('closed', () => console.log('editor closed'));
  win.webContents.on('did-finish-load', () => win.show());
  return win;
}

// Angular: the stream completes when the component is destroyed.
@Component({ selector: 'app-viewport', template: '{{ width }}' })
export class ViewportComponent implements OnInit, OnDestroy {
  width = 0;
  private destroy$ = new Subject<void>();
  ngOnInit() {
    fromEvent(window, 'resize').pipe(takeUntil(this.destroy$)).subscribe(() => (this.width = window.innerWidth));
  }
  ngOnDestroy() {
    this.destroy$.next();
    this.destroy$.complete();
  }
}

// Vue 3 composable: listener removed through an AbortController on unmount.
export function useScrollSpy(onChange: (y: number) => void) {
  const controller = new AbortController();
  onMounted(() => {
    window.addEventListener('scroll', () => onChange(window.scrollY), { signal: controller.signal });
  });
  onUnmounted(() => controller.abort());
}
