/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { app, ipcMain, nativeTheme, BrowserWindow } from 'electron';
import { Component, OnInit } from '@angular/core';
import { fromEvent } from 'rxjs';
import { onMounted } from 'vue';

// Electron main: every new window adds another ipcMain handler that is never removed.
app.on('browser-window-created', (_event, win) => {
  ipcMain.on('ping', (e) => e.reply('pong', win.id)); // expect: listener-not-removed
});

// A preferences window per open: the global theme emitter keeps each one alive after it closes.
export class PreferencesWindow {
  private win = new BrowserWindow({ width: 400 });
  constructor() {
    nativeTheme.on('updated', () => this.win.webContents.send('theme', nativeTheme.shouldUseDarkColors)); // expect: listener-not-removed
  }
}

// Angular: a fromEvent stream on window that is never unsubscribed.
@Component({ selector: 'app-viewport', template: '{{ width }}' })
export class ViewportComponent implements OnInit {
  width = 0;
  ngOnInit() {
    fromEvent(window, 'resize').subscribe(() => (this.width = window.innerWidth)); // expect: listener-not-removed
  }
}

// Vue 3 composable (script-setup style): scroll spy without onUnmounted.
export function useScrollSpy(onChange: (y: number) => void) {
  onMounted(() => {
    window.addEventListener('scroll', () => onChange(window.scrollY)); // expect: listener-not-removed
  });
}
