// Parsing and scope analysis for one file. typescript-estree parses every flavour we accept (JS, TS, JSX);
// scope-manager resolves each identifier to its variable so rules reason about bindings, not names.
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { T } from './ast';
import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isStackOverflow } from './deepStack';
import type { ParseErrorInfo } from './types';
import { componentSource } from './sfc/component';
import { wrapInstance, type ComponentInfo } from './sfc/instance';

export const SUPPORTED_EXTENSIONS = [
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
  '.vue',
  '.svelte',
] as const;

export interface ParsedFile {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  /** ES module semantics (strict, no accidental globals): import/export present or a .mjs/.mts file. */
  isModule: boolean;
  isTypeScript: boolean;
  /** The text that was parsed: the file's own, or for a Vue/Svelte component the file with only its scripts left. */
  text: string;
  /** Set for a Vue or Svelte component: its kind, name and the function standing for one instance. */
  component?: ComponentInfo;
}

export function extensionOf(fileName: string): string {
  const m = /\.[^./\\]+$/.exec(fileName);
  return m ? m[0].toLowerCase() : '';
}

export function isSupportedFile(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  if (/\.d\.[mc]?ts$/.test(lower)) return false;
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extensionOf(lower));
}

function hasModuleSyntax(ast: TSESTree.Program): boolean {
  return ast.body.some(
    (s) =>
      s.type === T.ImportDeclaration ||
      s.type === T.ExportNamedDeclaration ||
      s.type === T.ExportDefaultDeclaration ||
      s.type === T.ExportAllDeclaration ||
      s.type === T.TSExportAssignment,
  );
}

// Read once: through the CommonJS re-export every property access would go through a getter.
const KEYS: Record<string, readonly string[] | undefined> = { ...visitorKeys };

/**
 * Comments cost a scan of every token of the file; only two things read them: suppression comments and
 * `/* global x *\/` declarations. Ask the parser for them only when the text can contain either.
 */
const NEEDS_COMMENTS = /retainer-lens-disable|\/\*\s*(globals?|eslint-env)\s/;

export type ParseOutcome =
  | { ok: true; file: ParsedFile }
  /** `tooDeep`: not a syntax error; the file nests deeper than this thread's stack (see deepStack.ts). */
  | { ok: false; error: ParseErrorInfo; tooDeep?: true };

/** A file that nests deeper than this thread's stack: it may well parse on a larger one. */
function tooDeepHere(): ParseOutcome {
  return {
    ok: false,
    tooDeep: true,
    error: { message: 'expressions nested too deeply for this stack', line: 0, column: 0 },
  };
}

export function parseFile(fileText: string, fileName: string): ParseOutcome {
  // A .vue/.svelte file is parsed as its script blocks in place (sfc/component.ts): same offsets, lines, columns.
  const component = componentSource(fileText, fileName);
  const text = component ? component.text : fileText;
  const ext = component ? `.${component.lang}` : extensionOf(fileName);
  const isTypeScript = ['.ts', '.mts', '.cts', '.tsx'].includes(ext);
  // `.ts` cannot take JSX (it clashes with `<T>` casts); plain JS may contain it (CRA-style .js components).
  const jsx = ext === '.tsx' || ext === '.jsx' || !isTypeScript;
  let ast: TSESTree.Program;
  try {
    // loc and range both on: turning either off makes typescript-estree walk the tree again to delete them.
    // `parent` links are set by FileModel's single walk (plain `parse` leaves them unset).
    ast = parse(text, {
      loc: true,
      range: true,
      comment: NEEDS_COMMENTS.test(text),
      tokens: false,
      jsx,
      filePath: component ? `${fileName}${ext}` : fileName,
      errorOnUnknownASTType: false,
      jsDocParsingMode: 'none',
      suppressDeprecatedPropertyWarnings: true,
      // Skips typescript-estree's extra grammar checks (misplaced modifiers and the like): TypeScript's own
      // syntax errors still fail the parse, and the rules do not depend on what those checks reject.
      allowInvalidAST: true,
    });
  } catch (error) {
    // Not a syntax error: the file nests deeper than this stack holds (analyze retries on a larger one).
    if (isStackOverflow(error)) return tooDeepHere();
    const e = error as { message?: string; lineNumber?: number; column?: number };
    return {
      ok: false,
      error: {
        message: String(e.message ?? error).split('\n')[0],
        line: Math.max(0, (e.lineNumber ?? 1) - 1),
        column: e.column ?? 0,
      },
    };
  }
  // Vue and Svelte compile every script block as an ES module.
  const isModule =
    !!component || ext === '.mjs' || ext === '.mts' || (ext !== '.cjs' && ext !== '.cts' && hasModuleSyntax(ast));
  const info = component ? wrapInstance(ast, component) : undefined;
  // lib: [] keeps analysis fast; references to browser/Node globals simply stay unresolved (= global).
  let scopeManager: ScopeManager;
  try {
    scopeManager = analyze(ast, {
      sourceType: isModule ? 'module' : 'script',
      lib: [],
      jsxPragma: null,
      childVisitorKeys: KEYS as typeof visitorKeys,
    });
  } catch (error) {
    if (isStackOverflow(error)) return tooDeepHere();
    throw error;
  }
  return { ok: true, file: { ast, scopeManager, isModule, isTypeScript, text, component: info } };
}

export { KEYS as VISITOR_KEYS };
