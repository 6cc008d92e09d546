// Writes a heap snapshot of a tiny leaking program, for the retainer explorer's editor tests: 64 `ExplorerLeak`
// objects held by the module-level Map `explorerRegistry`, and a closure `explorerTick` that keeps a 4 MB
// buffer alive through its context.
// Usage: node explorerApp.js <out.heapsnapshot>
'use strict';
const v8 = require('node:v8');

class ExplorerLeak {
  constructor(i) {
    this.i = i;
    this.label = 'explorer-leak-' + i;
  }
}

const explorerRegistry = new Map();
for (let i = 0; i < 64; i++) explorerRegistry.set('leak' + i, new ExplorerLeak(i));

function makeExplorerTicker() {
  const explorerBuffer = Buffer.alloc(4 * 1024 * 1024, 3);
  return function explorerTick() {
    return explorerBuffer.length;
  };
}

const explorerTick = makeExplorerTicker();
globalThis.explorerKeep = function explorerKeep() {
  return [explorerRegistry, explorerTick];
};

v8.writeHeapSnapshot(process.argv[2]);
