// Helpers for building quick-fix edits that keep the user's formatting.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T, isFunction, walk, type Node } from './ast';
import { VISITOR_KEYS } from './parse';
import type { FileModel } from './model';
import type { Fix } from './types';

/** Inserts `statement` as the last line of `block` (indented like `like`); nothing when the block is one line. */
export function insertCleanup(
  m: FileModel,
  block: TSESTree.BlockStatement,
  like: Node,
  statement: string,
  title: string,
): Fix[] {
  const close = block.range[1] - 1;
  const lineStart = m.text.lastIndexOf('\n', close - 1) + 1;
  if (lineStart <= block.range[0] || m.text.slice(lineStart, close).trim() !== '') return [];
  const indent = /^\s*/.exec(m.lineText(m.positionAt(like.range[0]).line))![0];
  const pos = m.positionAt(lineStart);
  return [{ title, edits: [{ range: { start: pos, end: pos }, newText: `${indent}${statement}\n` }] }];
}

/** Whether an effect body already returns (a cleanup or an early exit): then we add no cleanup of our own. */
export function returnsAlready(body: TSESTree.BlockStatement): boolean {
  let found = false;
  walk(
    body,
    (n) => {
      if (n !== body && isFunction(n)) return false; // a nested function's return is not the effect's
      if (n.type === T.ReturnStatement) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}
