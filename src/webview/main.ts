// Webview entry (bundled to dist/webview.js): starts the retainer explorer in #app.
import { App } from './app';
import { getVsCodeApi } from './vscodeApi';

const root = document.getElementById('app');
if (root) new App(root, getVsCodeApi());
