// The workspace pass: facts one file does not hold, gathered from every module of a workspace and handed to
// each file's analysis as plain data (`AnalyzerOptions.workspace`).
//
// - Which classes have an instance that lives as long as the program: `new X()` made while some module loads
//   and kept there (a module variable, an export, a store such as `setGlobalDispatcher(new Agent())`). Modules
//   are never unloaded, so that instance, and every collection in its fields, lives until the program ends.
// - Which exported collections (`export const cache = new Map()`) no other module releases or hands on: what
//   the declaring file does with them is all there is, as for a module-private one.
//
// Tests, examples, benchmarks and scripts are separate programs: their load-time instances say nothing about
// the program's, so they are read for imports only. Bounded: files over `maxFileBytes` are skipped, and a
// workspace over `maxFiles` is cut (the files nearest the front of the list are kept).
import { dirname, relative, resolve as resolvePath, sep } from 'node:path';
import type { Logger } from '../../common/log';
import { isStackOverflow } from '../deepStack';
import type { WorkspaceFacts } from '../types';
import { summarizeModule, type ImportRef, type ModuleSummary } from './moduleSummary';

export interface WorkspaceFile {
  path: string;
  text: string;
}

export interface WorkspaceIndexOptions {
  /** The workspace folder; tests and scripts are recognized by their path under it (default: the files' common folder). */
  root?: string;
  maxFiles?: number;
  maxFileBytes?: number;
  /** Where a file the pass could not read is reported (default: stderr). */
  log?: Pick<Logger, 'warn'>;
}

export interface WorkspaceIndex {
  /** Facts per file path (as given), only for files that have some. */
  facts: Map<string, WorkspaceFacts>;
  files: number;
  lines: number;
  skipped: number;
  /**
   * Files nested deeper than this thread's stack lets TypeScript's parser read: they get no facts (their own
   * analysis retries on a larger stack, see deepStack.ts). Not an error: such code is valid.
   */
  tooDeep: string[];
  milliseconds: number;
}

export const DEFAULT_MAX_FILES = 20_000;
export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte'];

const SEPARATE_PROGRAM =
  /(^|[\\/])(__tests__|__mocks__|__fixtures__|tests?|specs?|e2e|fixtures?|examples?|demos?|benchmarks?|bench|scripts|docs?|stories)[\\/]|\.(test|spec|stories|bench|e2e)\.[cm]?[jt]sx?$/i;

/** A test, example, benchmark or script: a program of its own, not part of the one the workspace ships. */
export function isSeparateProgram(path: string): boolean {
  return SEPARATE_PROGRAM.test(path.replace(/\\/g, '/'));
}

/** A record without a prototype: a class or function named `constructor` or `toString` is a key like any other. */
function dictionary<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** The deepest folder that holds every path. */
function commonFolder(paths: string[]): string {
  if (!paths.length) return '';
  let parts = dirname(paths[0]).split(sep);
  for (const p of paths) {
    const q = dirname(p).split(sep);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

interface Module {
  path: string;
  summary: ModuleSummary;
  separate: boolean;
}

interface Target {
  module: Module;
  local: string;
}

export function buildWorkspaceIndex(
  files: readonly WorkspaceFile[],
  options: WorkspaceIndexOptions = {},
): WorkspaceIndex {
  const started = performance.now();
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const modules = new Map<string, Module>();
  const root = options.root ? resolvePath(options.root) : commonFolder(files.map((f) => resolvePath(f.path)));
  let skipped = 0;
  let lines = 0;
  const tooDeep: string[] = [];
  for (const file of files) {
    if (modules.size >= maxFiles || file.text.length > maxBytes) {
      skipped++;
      continue;
    }
    let summary: ModuleSummary | undefined;
    try {
      summary = summarizeModule(file.text, file.path);
    } catch (error) {
      skipped++;
      if (isStackOverflow(error)) {
        tooDeep.push(file.path);
        continue;
      }
      // TypeScript's parser recovers from syntax errors; anything else is a bug of ours: the file only loses
      // its workspace facts (its own analysis reports what it can).
      if (options.log) options.log.warn(`workspace pass: skipped ${file.path}`, error);
      else console.error(`retainer-lens: workspace pass skipped ${file.path}: ${String(error)}`);
      continue;
    }
    if (!summary) continue;
    lines += summary.lines;
    const full = resolvePath(file.path);
    modules.set(full, { path: file.path, summary, separate: isSeparateProgram(relative(root, full)) });
  }

  const resolveModule = (from: Module, specifier: string): Module | undefined => {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    const base = resolvePath(dirname(resolvePath(from.path)), specifier);
    const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
    // TypeScript's ESM style: `./x.js` names `./x.ts`.
    const js = /\.(m|c)?js$/.exec(base);
    if (js) for (const e of ['.ts', '.tsx', '.mts', '.cts']) candidates.push(base.slice(0, -js[0].length) + e);
    for (const c of candidates) {
      const m = modules.get(c);
      if (m) return m;
    }
    return undefined;
  };

  /** The module binding an export name stands for, through re-exports and `export *`. */
  const lookup = (module: Module, name: string, depth = 0): Target | undefined => {
    if (depth > 8) return undefined;
    const s = module.summary;
    const e = s.exports.get(name) ?? (name === 'default' ? s.exports.get('=') : undefined);
    if (e?.local) return { module, local: e.local };
    if (e?.reexport) {
      const next = resolveModule(module, e.reexport.from);
      if (!next) return undefined;
      return e.reexport.name === '=' || e.reexport.name === '*' ? undefined : lookup(next, e.reexport.name, depth + 1);
    }
    if (name === 'default' || name === '=') return undefined;
    for (const star of s.exportStars) {
      const next = resolveModule(module, star);
      const found = next && lookup(next, name, depth + 1);
      if (found) return found;
    }
    // `module.exports = { A, B }` read as `require('./x').A` is already an export named A; `module.exports = X`
    // read as `require('./x').A` is X's static member, not a module binding.
    return undefined;
  };

  /** What `ref` (an import of `module`) names. */
  const importTarget = (module: Module, ref: ImportRef, member?: string): Target | undefined => {
    const next = resolveModule(module, ref.from);
    if (!next) return undefined;
    if (member !== undefined) return ref.name === '*' || ref.name === '=' ? lookup(next, member) : undefined;
    if (ref.name === '*') return undefined;
    return lookup(next, ref.name);
  };

  const facts = new Map<string, WorkspaceFacts>();
  const factsOf = (m: Module) => {
    let f = facts.get(m.path);
    if (!f) facts.set(m.path, (f = {}));
    return f;
  };

  /** The class (or constructor function) a constructor written as `callee` in `module` is. */
  const classOf = (module: Module, callee: string): Target | undefined => {
    let target: Target | undefined;
    const dot = callee.indexOf('.');
    if (dot < 0) {
      if (module.summary.constructors.has(callee)) target = { module, local: callee };
      else {
        const ref = module.summary.imports.get(callee);
        if (ref) target = importTarget(module, ref);
      }
    } else {
      const ref = module.summary.imports.get(callee.slice(0, dot));
      if (ref) target = importTarget(module, ref, callee.slice(dot + 1));
    }
    return target && target.module.summary.constructors.has(target.local) ? target : undefined;
  };

  /** The class of the load-time instance that `module` exports as `name` (directly or through a module variable). */
  const exportedInstanceClass = (module: Module, name: string): Target | undefined => {
    const s = module.summary;
    const local = s.exports.get(name)?.local;
    const callee = s.instanceExports.get(name) ?? (local ? s.instanceVars.get(local) : undefined);
    if (callee) return classOf(module, callee);
    const reexport = s.exports.get(name)?.reexport;
    const next = reexport && resolveModule(module, reexport.from);
    return next && reexport.name !== '*' ? exportedInstanceClass(next, reexport.name) : undefined;
  };

  // Load-time instances, attributed to the class (or constructor function) they are made from.
  for (const module of modules.values()) {
    if (module.separate) continue;
    for (const kept of module.summary.kept) {
      const target = classOf(module, kept.callee);
      if (!target) continue;
      const f = factsOf(target.module);
      f.longLivedClasses ??= dictionary();
      f.longLivedClasses[target.local] ??= { file: module.path, line: kept.line, how: kept.how };
    }
  }

  // Functions (and methods of load-time instances) other modules call on a path that runs per input.
  for (const module of modules.values()) {
    if (module.separate) continue;
    for (const call of module.summary.inputCalls) {
      const dot = call.callee.indexOf('.');
      const head = dot < 0 ? call.callee : call.callee.slice(0, dot);
      const member = dot < 0 ? undefined : call.callee.slice(dot + 1);
      const ref = module.summary.imports.get(head);
      const at = { file: module.path, line: call.line, via: call.via };
      // A function: imported, or a member of a namespace / whole-module require.
      const fn =
        ref && (member === undefined || ref.name === '*' || ref.name === '=')
          ? importTarget(module, ref, member)
          : undefined;
      if (fn) {
        const f = factsOf(fn.module);
        f.inputDrivenFunctions ??= dictionary();
        f.inputDrivenFunctions[fn.local] ??= at;
        continue;
      }
      if (member === undefined) continue;
      // A method of an instance made at load: this module's own, or one another module exports.
      let cls: Target | undefined;
      if (!ref) cls = classOf(module, module.summary.instanceVars.get(head)!);
      else if (ref.name !== '*') {
        const next = resolveModule(module, ref.from);
        cls = next && exportedInstanceClass(next, ref.name === '=' ? '=' : ref.name);
      }
      if (!cls) continue;
      const f = factsOf(cls.module);
      f.inputDrivenMethods ??= dictionary();
      f.inputDrivenMethods[`${cls.local}.${member}`] ??= at;
    }
  }

  // Exported collections: released or handed on by an importer?
  const touched = new Map<Module, Set<string>>();
  for (const module of modules.values()) {
    // A test that empties a cache between cases does not empty it in the program.
    if (module.separate) continue;
    for (const [key, use] of module.summary.collectionUses) {
      if (!use.releases && !use.escapes) continue;
      const dot = key.indexOf('.');
      const ref = module.summary.imports.get(dot < 0 ? key : key.slice(0, dot));
      if (!ref) continue;
      const target = importTarget(module, ref, dot < 0 ? undefined : key.slice(dot + 1));
      if (!target) continue;
      let set = touched.get(target.module);
      if (!set) touched.set(target.module, (set = new Set()));
      set.add(target.local);
    }
  }
  for (const module of modules.values()) {
    const own = [...module.summary.exportedCollections].filter((n) => !touched.get(module)?.has(n));
    if (own.length) factsOf(module).privateExports = own;
  }

  // Entries other modules add per input to an exported collection nobody empties.
  for (const module of modules.values()) {
    if (module.separate) continue;
    for (const g of module.summary.importedGrowth) {
      const dot = g.key.indexOf('.');
      const ref = module.summary.imports.get(dot < 0 ? g.key : g.key.slice(0, dot));
      const target = ref && importTarget(module, ref, dot < 0 ? undefined : g.key.slice(dot + 1));
      if (!target || !target.module.summary.exportedCollections.has(target.local)) continue;
      if (touched.get(target.module)?.has(target.local)) continue;
      const f = factsOf(target.module);
      f.grownElsewhere ??= dictionary();
      f.grownElsewhere[target.local] ??= { file: module.path, line: g.line, via: g.via };
    }
  }

  // Imported memoizing factories: a call while this module loads keeps a memo table for the program's life.
  for (const module of modules.values()) {
    if (module.separate) continue;
    for (const [local, ref] of module.summary.imports) {
      if (ref.name === '*') continue;
      const target = importTarget(module, ref);
      if (!target || !target.module.summary.memoizers.has(target.local)) continue;
      const f = factsOf(module);
      f.memoizingImports ??= dictionary();
      f.memoizingImports[local] = {
        file: target.module.path,
        line: target.module.summary.memoizers.get(target.local)!,
      };
    }
  }

  return { facts, files: modules.size, lines, skipped, tooDeep, milliseconds: performance.now() - started };
}
