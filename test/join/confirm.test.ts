// Precision of the confirmation rules on hand-made evidence: memory at the finding's own callback or
// variable confirms; memory at another function on the same line, or a same-named variable of another
// scope, does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyzer/index';
import { confirmFindings, type FileRetention, type VariableRetention } from '../../src/join/index';

const file = '/ws/src/poll.js';
const text = [
  'function start(state) {',
  '  setInterval(() => state.tick(), 1000); const other = () => state;',
  '  return other;',
  '}',
  'const cache = new Map();',
  'function remember(id, value) { const cache = []; cache.push(1); return cache; }',
  'function put(id) { cache.set(id, { id, rows: new Array(100).fill(id) }); }',
  'module.exports = { start, remember, put };',
  '',
].join('\n');
const findings = analyze(text, file).findings;
const lines = (column: number): FileRetention[] => [
  {
    file,
    mapped: true,
    retainedSize: 10e6,
    count: 500,
    lines: [
      {
        line: 1,
        count: 500,
        closures: 500,
        objects: 0,
        retainedSize: 10e6,
        sites: [{ column, kind: 'closure', name: '', count: 500, retainedSize: 10e6, sampleIds: [1] }],
      },
    ],
  },
];
const variable = (holders: { line: number; column: number }[]): VariableRetention[] => [
  {
    file,
    name: 'cache',
    holders,
    contexts: 1,
    retainedSize: 5e6,
    entries: 1000,
    className: 'Map',
    sampleId: 7,
    path: '(GC roots) → … → cache (variable)',
  },
];

describe('confirmFindings', () => {
  it('the fixture has the two findings this test is about', () => {
    assert.deepEqual(
      findings.map((f) => [f.rule, f.range.start.line]),
      [
        ['interval-not-cleared', 1],
        ['unbounded-collection', 4],
      ],
    );
  });

  it('confirms an interval from closures of its own callback only', () => {
    const callback = text.split('\n')[1].indexOf('() => state.tick');
    const other = text.split('\n')[1].indexOf('() => state;');
    const own = confirmFindings([{ file, text, findings }], { files: lines(callback), variables: [] }, { base: '/ws' });
    assert.deepEqual(
      own.map((c) => c.message),
      ['`src/poll.js:2` interval-not-cleared — confirmed: 500 closures, 10.0 MB retained'],
    );
    assert.deepEqual(confirmFindings([{ file, text, findings }], { files: lines(other), variables: [] }), []);
  });

  it('confirms a collection only through a context of its declaring scope', () => {
    const put = { line: 6, column: 12 };
    const ok = confirmFindings([{ file, text, findings }], { files: [], variables: variable([put]) }, { base: '/ws' });
    assert.equal(ok.length, 1);
    assert.equal(
      ok[0].message,
      '`src/poll.js:5` unbounded-collection — confirmed: 1,000 entries, 5.00 MB retained via `(GC roots) → … → cache (variable)`',
    );
    // A context with no live closure to place it in a scope proves nothing.
    assert.deepEqual(confirmFindings([{ file, text, findings }], { files: [], variables: variable([]) }), []);
  });

  it('needs counts or sizes past the thresholds when no leak group is there', () => {
    const callback = text.split('\n')[1].indexOf('() => state.tick');
    const small: FileRetention[] = lines(callback);
    small[0].lines[0].sites[0] = { ...small[0].lines[0].sites[0], count: 3, retainedSize: 900 };
    assert.deepEqual(confirmFindings([{ file, text, findings }], { files: small, variables: [] }), []);
    assert.deepEqual(confirmFindings([{ file, text, findings }], { files: small, variables: [], leaks: [] }), []);
  });
});
