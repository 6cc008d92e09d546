// Growth is judged on post-GC checkpoints: steady growth is named with its numbers; wobble, a one-off jump
// and too few checkpoints are not growth.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { judgeGrowth } from '../../src/watch/growth';

const MB = 1_000_000;
const settings = { window: 7, minBytes: 1 * MB };
const series = (start: number, steps: number[]) => steps.reduce((s, d) => [...s, s[s.length - 1] + d], [start]);

test('steady growth: most steps grow and the window adds up to minBytes', () => {
  const v = judgeGrowth(
    series(
      20 * MB,
      [0.4, 0.3, 0.35, -0.01, 0.4, 0.42, 0.45].map((d) => d * MB),
    ),
    settings,
  );
  assert.equal(v.steady, true);
  assert.equal(v.grew, 6);
  assert.equal(v.text, 'grew 6 of the last 7 checkpoints, +2.31 MB');
});

test('a clean program wobbles by kilobytes: never steady', () => {
  const v = judgeGrowth(series(20 * MB, [3000, -2000, 4000, 1000, -500, 2500, 1500]), settings);
  assert.equal(v.steady, false);
  assert.equal(v.grew, 0);
  assert.match(v.text, /^grew 0 of the last 7 checkpoints, \+9\.50 kB: no steady growth$/);
});

test('one jump (a cache filled once) is not steady growth', () => {
  const v = judgeGrowth(series(20 * MB, [5 * MB, 0, 1000, 0, -1000, 0, 0]), settings);
  assert.equal(v.steady, false);
  assert.equal(v.grew, 1);
});

test('too few checkpoints: says how many more are needed', () => {
  const v = judgeGrowth([1, 2, 3], settings);
  assert.equal(v.steady, false);
  assert.equal(v.text, '3 checkpoints; 5 more to judge growth');
});

test('only the last window counts', () => {
  const grown = series(10 * MB, [MB, MB, MB, MB, MB, MB, MB]);
  const flat = [...grown, ...Array(7).fill(grown[grown.length - 1])];
  assert.equal(judgeGrowth(grown, settings).steady, true);
  assert.equal(judgeGrowth(flat, settings).steady, false);
});
