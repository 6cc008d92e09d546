// Path shapes for clustering: repeated runs of hops collapse into one `(…)+` group however long the run, and
// a path extended hop by hop reaches the same shape as one built at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pushToken, repeatOf, type Token, tokensText } from '../../src/heap/traceShape';

const shape = (tokens: string[]): string => {
  const out: Token[] = [];
  for (const t of tokens) pushToken(out, t);
  return tokensText(out);
};

test('a chain through closure contexts has one shape at any length', () => {
  const link = ['.describe', '{context}', '->previous'];
  const chain = (n: number): string[] => ['global', '->latest', ...Array.from({ length: n }, () => link).flat()];
  assert.equal(shape(chain(2)), 'global->latest(.describe{context}->previous)+');
  assert.equal(shape(chain(2)), shape(chain(100)));
  assert.equal(shape(chain(1)), 'global->latest.describe{context}->previous');
});

test('single-hop runs, runs inside a path, and a path that continues after the run', () => {
  assert.equal(shape(['root', '.list', '._next', '._next', '._next', '.value']), 'root.list(._next)+.value');
  assert.equal(shape(['root', '[]', '[]', '[]']), 'root([])+');
  assert.equal(shape(['a', '.x', '.y', '.x', '.y', '.z', '.x', '.y']), 'a(.x.y)+.z.x.y');
});

test('extending a shape token by token equals building it whole', () => {
  const tokens = ['g', '.a', '{context}', '->b', '.a', '{context}', '->b', '.a', '{context}', '->b', '[]'];
  const prefix: Token[] = [];
  for (const t of tokens.slice(0, 5)) pushToken(prefix, t);
  const extended = prefix.slice();
  for (const t of tokens.slice(5)) pushToken(extended, t);
  assert.equal(tokensText(extended), shape(tokens));
  assert.deepEqual(repeatOf(extended)?.unit, ['.a', '{context}', '->b']);
  assert.equal(tokensText(prefix), 'g.a{context}->b.a', 'the prefix is not changed by extending a copy');
});
