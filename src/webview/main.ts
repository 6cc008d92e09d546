// Webview entry (bundled to dist/webview.js): starts the retainer explorer in #app, or the heap profile view
// when the page says so (`data-app="profile"`).
import { App } from './app';
import { ProfileApp } from './profile/profileApp';
import { getVsCodeApi } from './vscodeApi';

const root = document.getElementById('app');
if (root?.dataset.app === 'profile') new ProfileApp(root, getVsCodeApi());
else if (root) new App(root, getVsCodeApi());
