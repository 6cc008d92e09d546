// Per-file index shared by every rule: the parse, identifier → variable resolution, and lists of the node
// kinds rules look at, gathered in one walk so each rule does not walk the tree again.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { VISITOR_KEYS as visitorKeys } from './parse';
import {
  ScopeType,
  type Reference,
  type Scope,
  type ScopeManager,
  type Variable,
} from '@typescript-eslint/scope-manager';
import { T, calleeName, enclosingClass, markConstantKey, memberPath, type FunctionNode, type Node } from './ast';
import type { ParsedFile } from './parse';
import type { Range, WorkspaceFacts } from './types';

// Read once: ScopeType is a CommonJS re-export (a getter per access).
const GLOBAL_SCOPE = ScopeType.global;
const MODULE_SCOPE = ScopeType.module;

export class FileModel {
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManager;
  readonly isModule: boolean;
  readonly isTypeScript: boolean;
  readonly calls: TSESTree.CallExpression[] = [];
  readonly news: TSESTree.NewExpression[] = [];
  readonly functions: FunctionNode[] = [];
  readonly memberExpressions: TSESTree.MemberExpression[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  /** The file renders markup: it has JSX, or it is a Vue/Svelte component (capitalised functions are components). */
  readonly hasJsx: boolean;
  /** A Vue or Svelte component: its kind, name and the function that stands for one instance. */
  readonly component: ParsedFile['component'];
  /** The analyzed text: the file's, or a component's with everything but its script blocks blanked. */
  readonly text: string;
  private readonly refByIdentifier = new Map<TSESTree.Identifier | TSESTree.JSXIdentifier, Reference>();
  private readonly varByDeclId = new Map<Node, Variable>();
  /** Memo tables for the analyses in lifetimes/teardown/sizes (keyed by node). */
  readonly memo = new Map<string, Map<Node, unknown>>();

  constructor(
    text: string,
    readonly fileName: string,
    parsed: ParsedFile,
    /** What the workspace pass found about this file (none in the editor's per-keystroke analysis). */
    readonly workspace: WorkspaceFacts = {},
  ) {
    this.text = parsed.component ? parsed.text : text;
    this.component = parsed.component;
    this.ast = parsed.ast;
    this.scopeManager = parsed.scopeManager;
    this.isModule = parsed.isModule;
    this.isTypeScript = parsed.isTypeScript;
    this.hasJsx = this.index(this.ast) || !!parsed.component;
    for (const scope of this.scopeManager.scopes) {
      for (const ref of scope.references) this.refByIdentifier.set(ref.identifier, ref);
      if (scope.type === MODULE_SCOPE || scope.type === GLOBAL_SCOPE) this.markConstantKeys(scope.variables);
      // A class declaration's name is declared twice (outer scope and the class's own scope); the outer
      // binding, seen first, is the one `new X()` elsewhere refers to.
      for (const v of scope.variables)
        for (const id of v.identifiers) if (!this.varByDeclId.has(id)) this.varByDeclId.set(id, v);
    }
  }

  /**
   * `obj[kX]` where `kX` is a module-level constant (`const kX = Symbol('x')`, an import, `const { kX } =
   * require(…)`): the same field every time, like `obj.x`. Node-style code keys its private fields this way.
   */
  private markConstantKeys(variables: Variable[]): void {
    for (const v of variables) {
      const def = v.defs[0];
      if (!def || v.defs.length !== 1) continue;
      const constant =
        def.type === 'ImportBinding' ||
        (def.type === 'Variable' && def.parent?.type === T.VariableDeclaration && def.parent.kind === 'const');
      if (!constant) continue;
      for (const ref of v.references) {
        const p = ref.identifier.parent;
        if (p?.type === T.MemberExpression && p.computed && p.property === ref.identifier) markConstantKey(p);
        else if (
          (p?.type === T.MethodDefinition || p?.type === T.PropertyDefinition || p?.type === T.Property) &&
          p.computed &&
          p.key === ref.identifier
        )
          markConstantKey(ref.identifier);
      }
    }
  }

  /**
   * The one traversal of the file: links every node to its parent (typescript-estree's plain `parse` leaves
   * `parent` unset) and buckets the node kinds the rules look at. Returns whether the file has JSX.
   */
  private index(root: Node): boolean {
    let jsx = false;
    const stack: Node[] = [root];
    const F = T.FunctionDeclaration,
      FE = T.FunctionExpression,
      AF = T.ArrowFunctionExpression;
    while (stack.length) {
      const node = stack.pop()!;
      const type = node.type;
      switch (type) {
        case T.CallExpression:
          this.calls.push(node);
          break;
        case T.NewExpression:
          this.news.push(node);
          break;
        case T.MemberExpression:
          this.memberExpressions.push(node);
          break;
        case T.JSXElement:
        case T.JSXFragment:
          jsx = true;
          break;
        case T.ClassDeclaration:
        case T.ClassExpression:
          this.classes.push(node);
          break;
        case F:
        case FE:
        case AF:
          this.functions.push(node);
          break;
        default:
          break;
      }
      const keys = visitorKeys[type];
      if (!keys) continue;
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = (node as unknown as Record<string, unknown>)[keys[i]];
        if (child === null || child === undefined || typeof child !== 'object') continue;
        if (Array.isArray(child)) {
          for (let j = child.length - 1; j >= 0; j--) {
            const c = child[j] as Node | null;
            if (c && typeof c === 'object' && typeof c.type === 'string') {
              (c as { parent: Node }).parent = node;
              stack.push(c);
            }
          }
        } else if (typeof (child as Node).type === 'string') {
          (child as { parent: Node }).parent = node;
          stack.push(child as Node);
        }
      }
    }
    return jsx;
  }

  private callIndex?: Map<string, TSESTree.CallExpression[]>;
  private memberIndex?: Map<string, TSESTree.MemberExpression[]>;
  private variableIndex?: Map<number, Variable>;

  /** Calls whose callee name (`f(...)` or `x.f(...)`) is `name`. */
  callsNamed(name: string): TSESTree.CallExpression[] {
    if (!this.callIndex) {
      this.callIndex = new Map();
      for (const c of this.calls) {
        const n = calleeName(c);
        if (n === undefined) continue;
        let list = this.callIndex.get(n);
        if (!list) this.callIndex.set(n, (list = []));
        list.push(c);
      }
    }
    return this.callIndex.get(name) ?? [];
  }

  /** Member expressions whose dotted path (`this.timer`, `window.cache`) is `path`. */
  membersWithPath(path: string): TSESTree.MemberExpression[] {
    if (!this.memberIndex) {
      this.memberIndex = new Map();
      for (const me of this.memberExpressions) {
        const p = memberPath(me);
        if (p === undefined) continue;
        let list = this.memberIndex.get(p);
        if (!list) this.memberIndex.set(p, (list = []));
        list.push(me);
      }
    }
    return this.memberIndex.get(path) ?? [];
  }

  private classMemberIndex?: Map<string, Map<Node | undefined, TSESTree.MemberExpression[]>>;

  /**
   * `membersWithPath(path)` whose innermost enclosing class is `cls`, in file order. Grouped once per path:
   * filtering the whole list for each class is quadratic in a bundle with hundreds of classes using `this.items`.
   */
  membersWithPathInClass(path: string, cls: Node | undefined): TSESTree.MemberExpression[] {
    this.classMemberIndex ??= new Map();
    let byClass = this.classMemberIndex.get(path);
    if (!byClass) {
      byClass = new Map();
      for (const me of this.membersWithPath(path)) {
        const c = enclosingClass(me);
        let list = byClass.get(c);
        if (!list) byClass.set(c, (list = []));
        list.push(me);
      }
      this.classMemberIndex.set(path, byClass);
    }
    return byClass.get(cls) ?? [];
  }

  variableById(id: number): Variable | undefined {
    if (!this.variableIndex) {
      this.variableIndex = new Map();
      for (const scope of this.scopeManager.scopes) for (const v of scope.variables) this.variableIndex.set(v.$id, v);
    }
    return this.variableIndex.get(id);
  }

  memoFor<V>(table: string): Map<Node, V> {
    let m = this.memo.get(table);
    if (!m) this.memo.set(table, (m = new Map()));
    return m as Map<Node, V>;
  }

  /** The variable an identifier (a use or a declaration) refers to; null for globals / unresolved names. */
  resolve(id: TSESTree.Identifier): Variable | null {
    const ref = this.refByIdentifier.get(id);
    if (ref) return ref.resolved;
    return this.varByDeclId.get(id) ?? null;
  }

  reference(id: TSESTree.Identifier): Reference | undefined {
    return this.refByIdentifier.get(id);
  }

  /** True when `id` names something not declared in this file (a browser/Node global or an implicit one). */
  isGlobalName(id: TSESTree.Identifier): boolean {
    return this.resolve(id) === null;
  }

  isModuleLevel(v: Variable): boolean {
    const t = v.scope.type;
    return t === GLOBAL_SCOPE || t === MODULE_SCOPE;
  }

  /** Innermost scope that contains `node`. */
  scopeAt(node: Node): Scope {
    let n: Node | undefined = node;
    while (n) {
      const s = this.scopeManager.acquire(n, true);
      if (s) return s;
      n = n.parent;
    }
    return this.scopeManager.globalScope!;
  }

  isStrictAt(node: Node): boolean {
    return this.isModule || this.scopeAt(node).isStrict;
  }

  range(node: Node): Range {
    return {
      start: { line: node.loc.start.line - 1, column: node.loc.start.column },
      end: { line: node.loc.end.line - 1, column: node.loc.end.column },
    };
  }

  /** Range of just the first line of `node` (so a diagnostic on a big function does not paint it all). */
  headRange(node: Node): Range {
    const r = this.range(node);
    if (r.end.line === r.start.line) return r;
    const lineText = this.lineText(r.start.line);
    return { start: r.start, end: { line: r.start.line, column: Math.max(r.start.column, lineText.length) } };
  }

  lineText(line0: number): string {
    const starts = this.lineStarts();
    const line = Math.max(0, line0);
    if (line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    return this.text.slice(starts[line], end).replace(/\r$/, '');
  }

  private starts?: number[];

  /** Offsets where each line starts, found once: fixes and ranges ask for lines all over a large file. */
  private lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    return this.starts;
  }

  line(node: Node): number {
    return node.loc.start.line;
  }

  source(node: Node): string {
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** Position (0-based line/column) of a character offset. */
  positionAt(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    // The last line starting at or before the offset (the number of newlines before it).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - starts[lo] };
  }
}
