// Pathological but valid source files for the analyzer: the shapes that made it quadratic or overflow its
// stack. Generated, so each test and the benchmark (bench/hostileAnalyzer.mjs) can size them.

/** `const total = a0 + a1 + … ` with `operands` operands: one left-leaning tree `operands` levels deep. */
export function plusChain(operands: number): string {
  const terms = Array.from({ length: operands }, (_, i) => `row${i % 10}.size`);
  return `export function total(row0, row1, row2, row3, row4, row5, row6, row7, row8, row9) {\n  return ${terms.join(' + ')};\n}\n`;
}

/** `start().then(…).then(…)…`: a member/call chain `links` levels deep, each link a closure. */
export function thenChain(links: number): string {
  const steps = Array.from({ length: links }, (_, i) => `\n  .then((v) => v + ${i % 7})`).join('');
  return `export function pipeline(start) {\n  return start()${steps};\n}\n`;
}

/** `f(f(f(…)))` nested `depth` calls deep. */
export function nestedCalls(depth: number): string {
  return `export function wrap(f, x) {\n  return ${'f('.repeat(depth)}x${')'.repeat(depth)};\n}\n`;
}

/**
 * A module wrapper (the IIFE every bundler emits) with `count` function declarations, each closing over its own
 * module state and started as an interval whenever a message arrives, plus one large buffer that only a
 * short-lived sibling uses. Every closure shares the wrapper's context, so closure-large-scope reports each
 * interval callback (and interval-not-cleared each setInterval): `2 * count` findings.
 */
export function singleScopeClosures(count: number): string {
  // A factory, not a run-once wrapper: each call makes a context that only the timers keep alive (a wrapper
  // IIFE's context lives as long as the module anyway, so the rule rightly says nothing there).
  const lines = ['module.exports = function createService() {', "  'use strict';"];
  for (let i = 0; i < count; i++)
    lines.push(`  var state${i} = { ticks: 0 };`, `  function tick${i}() { state${i}.ticks++; }`);
  // Declared last: the slot the rule is looking for is the last of the scope's context.
  lines.push('  var snapshot = Buffer.alloc(16 * 1024 * 1024);', '  function digest() { return snapshot.length; }');
  lines.push('  function start() {');
  for (let i = 0; i < count; i++) lines.push(`    setInterval(tick${i}, 1000);`);
  lines.push('  }', "  process.on('message', start);", '};', '');
  return lines.join('\n');
}

/**
 * A bundle of about `lineCount` lines as esbuild, rollup and webpack's module concatenation emit it: every
 * module's top-level declarations hoisted into one wrapper function, so thousands of functions share one
 * scope (and one V8 context). The usual mix of classes, caches, listeners, timers and async code, one large
 * lookup table, and a planted leak in every other module.
 */
export function bundle(lineCount: number): string {
  const head = ['"use strict";', '(() => {'];
  // Declared last, as a module late in the dependency order: the slot the rule looks for ends the context.
  const tail = [
    '  // src/table.js',
    '  var lookupTable = new Float64Array(4 * 1024 * 1024);',
    '  function lookup(i) {',
    '    return lookupTable[i & (lookupTable.length - 1)];',
    '  }',
    '',
    '  // src/main.js',
    "  window.addEventListener('load', () => render1(document.body, []));",
    '})();',
    '',
  ];
  const body: string[] = [];
  for (let i = 0; body.length + head.length + tail.length < lineCount; i++) body.push(...bundledModule(i));
  return [...head, ...body, ...tail].join('\n');
}

function bundledModule(i: number): string[] {
  const variants: string[][] = [
    [
      `  var Store${i} = class extends EventTarget {`,
      '    constructor(options = {}) {',
      '      super();',
      '      this.items = new Map();',
      '      this.limit = options.limit || 100;',
      '    }',
      '    set(key, value) {',
      '      if (this.items.size >= this.limit) this.items.delete(this.items.keys().next().value);',
      '      this.items.set(key, value);',
      "      this.dispatchEvent(new CustomEvent('change', { detail: key }));",
      '    }',
      '    get(key) {',
      '      return this.items.get(key);',
      '    }',
      '    dispose() {',
      '      this.items.clear();',
      '    }',
      '  };',
    ],
    [
      `  function debounce${i}(fn, wait) {`,
      '    let timer;',
      '    return function (...args) {',
      '      clearTimeout(timer);',
      '      timer = setTimeout(() => fn.apply(this, args), wait);',
      '    };',
      '  }',
      `  function render${i}(root, rows) {`,
      "    const list = document.createElement('ul');",
      '    for (const row of rows) {',
      "      const item = document.createElement('li');",
      '      item.textContent = `${row.name}: ${lookup(row.value).toFixed(2)}`;',
      '      list.appendChild(item);',
      '    }',
      '    root.replaceChildren(list);',
      `    const onResize = debounce${i}(() => root.classList.toggle('narrow', root.clientWidth < 600), 100);`,
      "    window.addEventListener('resize', onResize);",
      "    return () => window.removeEventListener('resize', onResize);",
      '  }',
    ],
    [
      `  async function fetchAll${i}(urls, { retries = 2 } = {}) {`,
      '    const results = [];',
      '    for (const url of urls) {',
      '      let attempt = 0;',
      '      for (;;) {',
      '        try {',
      '          const response = await fetch(url);',
      '          if (!response.ok) throw new Error(`HTTP ${response.status}`);',
      '          results.push(await response.json());',
      '          break;',
      '        } catch (error) {',
      '          if (++attempt > retries) throw error;',
      '          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));',
      '        }',
      '      }',
      '    }',
      '    return results.filter(Boolean).map((r) => ({ ...r, fetchedAt: Date.now() }));',
      '  }',
    ],
    [
      `  function parseQuery${i}(text) {`,
      '    const out = Object.create(null);',
      "    for (const part of text.replace(/^\\?/, '').split('&')) {",
      '      if (!part) continue;',
      "      const [k, v = ''] = part.split('=');",
      "      out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\\+/g, ' '));",
      '    }',
      '    return out;',
      '  }',
      `  function formatQuery${i}(params) {`,
      '    return Object.keys(params)',
      '      .sort()',
      '      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k])}`)',
      "      .join('&');",
      '  }',
    ],
  ];
  // A poller started for each socket: long-lived, repeated, and holding the wrapper's context (lookupTable).
  const leak =
    i % 2 === 1
      ? [
          `  function watch${i}(socket) {`,
          "    setInterval(() => socket.send('ping'), 5000);",
          '  }',
          `  window.addEventListener('connect', (event) => watch${i}(event.detail));`,
        ]
      : [];
  return [`  // src/module${i}.js`, ...variants[i % variants.length], ...leak, ''];
}

/**
 * `count` old-style classes (constructor functions with prototype methods), as pre-ES2015 libraries and their
 * bundles have them, all using the same field names (`this.map`, `this.items`): per-owner questions that
 * scan every use of a field name once per owner grow with the square of `count`.
 */
export function prototypeConstructors(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++)
    parts.push(
      [
        `function Widget${i}(options) {`,
        '  var self = this;',
        '  this.items = [];',
        '  this.map = new Map();',
        "  this.on('data', function (d) { self.items.push(d); });",
        '}',
        `Widget${i}.prototype.add = function (x) { this.map.set(x.id, x); };`,
        `Widget${i}.prototype.destroy = function () { this.items = null; };`,
      ].join('\n'),
    );
  return parts.join('\n') + '\n';
}
