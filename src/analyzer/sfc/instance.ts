// Vue's `<script setup>` and Svelte's instance `<script>` run once per component instance, i.e. again on
// every mount; their imports and the module scripts run once. The analyzer already knows that distinction
// for React: module scope runs once, a component function runs per render. So the instance block's
// statements are moved, in the parsed tree, into a function named after the component (`function Counter()`)
// and the rest stays at module level: the lifetime model then treats them like a React component's body, and
// the normal <script>'s (or module script's) bindings stay visible to them, as they are at run time.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { T, isFunction, walk, type Node } from '../ast';
import type { ComponentSource } from './component';

const KEYS: Record<string, readonly string[] | undefined> = { ...visitorKeys };

/** What the analyzer knows about the component around the code (FileModel.component). */
export interface ComponentInfo {
  kind: ComponentSource['kind'];
  name: string;
  /** The function standing for one instance: Vue `<script setup>`, Svelte instance script. */
  instance?: TSESTree.FunctionDeclarationWithName;
  notes: string[];
}

function inside(node: Node, start: number, end: number): boolean {
  return node.range[0] >= start && node.range[1] <= end;
}

/** `await` (or `for await`) at the block's top level, outside nested functions: Vue compiles it to async setup(). */
function awaitsAtTopLevel(statements: TSESTree.Statement[]): boolean {
  let found = false;
  for (const s of statements) {
    walk(
      s,
      (n) => {
        if (found || isFunction(n)) return false;
        if (n.type === T.AwaitExpression || (n.type === T.ForOfStatement && n.await)) found = true;
        return !found;
      },
      KEYS,
    );
  }
  return found;
}

/**
 * Moves the instance block's statements (not its imports) into `function <Name>() { … }` in `ast.body`.
 * Svelte's `export let prop` becomes `let prop` inside (a prop is per instance); `export { a as b }` is dropped.
 */
export function wrapInstance(ast: TSESTree.Program, source: ComponentSource): ComponentInfo {
  const info: ComponentInfo = { kind: source.kind, name: source.name, notes: source.notes };
  const block = source.blocks.find((b) => b.role === 'setup');
  if (!block) return info;
  const moved: TSESTree.Statement[] = [];
  let firstIndex = -1;
  const kept: TSESTree.ProgramStatement[] = [];
  for (const statement of ast.body) {
    if (
      !inside(statement, block.start, block.end) ||
      statement.type === T.ImportDeclaration ||
      statement.type === T.ExportDefaultDeclaration ||
      statement.type === T.ExportAllDeclaration ||
      statement.type === T.TSExportAssignment
    ) {
      kept.push(statement);
      continue;
    }
    if (firstIndex < 0) firstIndex = kept.length;
    if (statement.type === T.ExportNamedDeclaration) {
      if (statement.declaration) moved.push(statement.declaration as TSESTree.Statement);
      continue;
    }
    moved.push(statement as TSESTree.Statement);
  }
  if (!moved.length) return info;
  const first = moved[0];
  const last = moved[moved.length - 1];
  const range: [number, number] = [first.range[0], last.range[1]];
  const loc = { start: first.loc.start, end: last.loc.end };
  const at = { start: first.loc.start, end: first.loc.start };
  const id = {
    type: T.Identifier,
    name: source.name,
    decorators: [],
    optional: false,
    typeAnnotation: undefined,
    range: [range[0], range[0]],
    loc: at,
  } as unknown as TSESTree.Identifier;
  const body = { type: T.BlockStatement, body: moved, range, loc } as unknown as TSESTree.BlockStatement;
  const fn = {
    type: T.FunctionDeclaration,
    id,
    params: [],
    body,
    async: awaitsAtTopLevel(moved),
    generator: false,
    expression: false,
    declare: false,
    returnType: undefined,
    typeParameters: undefined,
    range,
    loc,
  } as unknown as TSESTree.FunctionDeclarationWithName;
  kept.splice(firstIndex, 0, fn);
  ast.body = kept;
  info.instance = fn;
  return info;
}
