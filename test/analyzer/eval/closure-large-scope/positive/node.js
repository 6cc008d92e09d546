/* eslint-disable -- evaluation case: real-world shapes, not linted */
const fs = require('fs');
const express = require('express');
const { EventEmitter } = require('events');

const app = express();
const bus = new EventEmitter();

// The classic: `unused` shares the context with someMethod, which the module-level object keeps.
let theThing = null;
function replaceThing() {
  const originalThing = theThing;
  const unused = function () {
    if (originalThing) console.log('hi');
  };
  const blob = new Array(1000000).join('*');
  const measure = () => blob.length;
  measure();
  theThing = {
    longStr: 'x',
    someMethod: function () { // expect: closure-large-scope
      console.log('someMessage');
    },
  };
}
setInterval(replaceThing, 1000);

// A report handler: the file contents are only needed by `count`, but the listener keeps them.
app.get('/report', (req, res) => {
  const contents = fs.readFileSync('/var/log/app.log', 'utf8');
  const count = () => contents.split('\n').length;
  res.json({ lines: count() });
  bus.on('rotate', () => res.app.emit('rotated')); // expect: closure-large-scope, listener-not-removed
});

// A big scratch buffer used by a sibling, and a heartbeat that is never stopped.
app.post('/ingest', (req, res) => {
  const scratch = Buffer.alloc(16 * 1024 * 1024);
  const fill = () => scratch.fill(0);
  fill();
  setInterval(() => { // expect: closure-large-scope, interval-not-cleared
    console.log('alive', req.ip);
  }, 10000);
  res.sendStatus(202);
});

// A parsed payload captured by a long timer through a sibling callback.
app.post('/import', (req, res) => {
  const rows = JSON.parse(req.body.csvAsJson);
  const ids = () => rows.map((r) => r.id);
  res.json(ids());
  setTimeout(() => console.log('import done'), 5 * 60 * 1000); // expect: closure-large-scope
});

// Directly uses the large value, and the interval is never cleared.
function startSampling(path) {
  const samples = new Float64Array(1_000_000);
  setInterval(() => { // expect: closure-large-scope, interval-not-cleared
    samples[Math.floor(Math.random() * samples.length)] = Date.now();
  }, 100);
}

module.exports = { app, startSampling };
