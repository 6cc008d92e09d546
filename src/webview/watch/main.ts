// Memory view entry (bundled to dist/watchView.js): starts the Leak Watch chart in #app.
import { getVsCodeApi } from '../vscodeApi';
import { WatchApp } from './watchApp';

const root = document.getElementById('app');
if (root) new WatchApp(root, getVsCodeApi());
