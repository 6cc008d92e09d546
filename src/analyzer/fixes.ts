// Helpers for building quick-fix edits that keep the user's formatting.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './ast';
import type { FileModel } from './model';
import type { Fix } from './types';

/** Inserts `statement` as the last line of `block` (indented like `like`); nothing when the block is one line. */
export function insertCleanup(m: FileModel, block: TSESTree.BlockStatement, like: Node, statement: string, title: string): Fix[] {
  const close = block.range[1] - 1;
  const lineStart = m.text.lastIndexOf('\n', close - 1) + 1;
  if (lineStart <= block.range[0] || m.text.slice(lineStart, close).trim() !== '') return [];
  const indent = /^\s*/.exec(m.lineText(m.positionAt(like.range[0]).line))![0];
  const pos = m.positionAt(lineStart);
  return [{ title, edits: [{ range: { start: pos, end: pos }, newText: `${indent}${statement}\n` }] }];
}

