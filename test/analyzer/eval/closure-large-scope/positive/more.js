/* eslint-disable -- evaluation case: real-world shapes, not linted */
import fs from 'node:fs';
import { Server } from 'socket.io';
import { LitElement } from 'lit';
import { ticker } from './ticker';

const io = new Server(3010);

// Chat history read per connection is only needed by `sendHistory`, but the ticker listener keeps it.
io.on('connection', (socket) => {
  const history = fs.readFileSync('/var/chat/history.json', 'utf8');
  const sendHistory = () => socket.emit('history', history);
  sendHistory();
  ticker.on('tick', () => socket.emit('tick')); // expect: closure-large-scope, listener-not-removed
});

// Vue options component: the parsed dataset stays with a never-removed window listener.
export const Report = {
  async mounted() {
    const res = await fetch('/api/report');
    const dataset = await res.json();
    const totals = () => dataset.rows.length;
    this.total = totals();
    window.addEventListener('beforeprint', () => this.prepare()); // expect: closure-large-scope, listener-not-removed
  },
  methods: { prepare() {} },
};

// A Lit element snapshots its whole render root for a diff, then adds a resize listener it never removes.
export class DiffView extends LitElement {
  connectedCallback() {
    super.connectedCallback();
    const snapshot = this.renderRoot.cloneNode(true);
    const compare = () => snapshot.childNodes.length;
    compare();
    window.addEventListener('resize', () => this.requestUpdate()); // expect: closure-large-scope, listener-not-removed
  }
}

// A render callback stored in a module-level map uses a big buffer itself, once per request.
const renderers = new Map(); // expect: unbounded-collection
export function prepare(req) {
  const frame = Buffer.alloc(4 * 1024 * 1024);
  renderers.set(req.id, () => frame.toString('base64')); // expect: closure-large-scope
}

// A ten-minute timer in a handler keeps the sibling's response body.
export async function handleWebhook(req, res) {
  const body = await (await fetch(req.body.callbackUrl)).text();
  const digest = () => body.length;
  res.end(String(digest()));
  setTimeout(() => console.log('webhook window closed', req.id), 10 * 60 * 1000); // expect: closure-large-scope
}

// A polling widget keeps a large typed array alive through its interval, started per mount.
export function mountSparkline(el) {
  const points = new Float32Array(2_000_000);
  const draw = () => points.subarray(0, 10);
  draw();
  setInterval(() => { el.dataset.tick = String(Date.now()); }, 1000); // expect: closure-large-scope, interval-not-cleared
}
