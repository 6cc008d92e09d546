// ESLint plugin: the analyzer's rules as ESLint rules (flat config), so teams can run them in CI.
//   import retainerLens from 'retainer-lens/eslint-plugin';
//   export default [retainerLens.configs.recommended];
// Each file is analyzed once (our own typescript-estree parse, whatever parser ESLint uses) and the six
// rules read their findings from that one result. A .vue/.svelte file parsed by vue-eslint-parser or
// svelte-eslint-parser is analyzed as a component (its script blocks, in place) from the whole text.
import { analyze, RULES } from '../analyzer/index';
import type { AnalysisResult, AnalyzerOptions, Finding, RuleId } from '../analyzer/types';
import { version } from '../version';
import { repositoryFileUrl } from '../common/project';

interface Loc {
  line: number;
  column: number;
}
interface SourceCodeLike {
  text: string;
  getIndexFromLoc(loc: Loc): number;
}
interface ReportDescriptor {
  loc: { start: Loc; end: Loc };
  messageId: 'finding';
  data: { message: string };
  suggest?: { messageId: 'fix'; data: { title: string }; fix(fixer: FixerLike): unknown }[];
}
interface FixerLike {
  replaceTextRange(range: [number, number], text: string): unknown;
}
interface RuleContextLike {
  sourceCode?: SourceCodeLike;
  getSourceCode?: () => SourceCodeLike;
  filename?: string;
  getFilename?: () => string;
  options: unknown[];
  report(descriptor: ReportDescriptor): void;
}

export interface RuleOptions {
  /** Size from which a value counts as large (closure-large-scope). */
  largeValueBytes?: number;
}

// One analysis per (text, options) per lint run of a file; the six rules share it.
const cache = new WeakMap<object, Map<string, AnalysisResult>>();

function analysisFor(sourceCode: SourceCodeLike, filename: string, options: AnalyzerOptions): AnalysisResult {
  let perFile = cache.get(sourceCode);
  if (!perFile) cache.set(sourceCode, (perFile = new Map()));
  const key = `${filename}\0${options.largeValueBytes ?? ''}`;
  let result = perFile.get(key);
  if (!result) {
    // Severity is ESLint's business; run every rule at its default and filter per rule.
    const name =
      /\.(m|c)?[jt]sx?$/.test(filename) || isComponentText(sourceCode.text, filename) ? filename : `${filename}.js`;
    result = analyze(sourceCode.text, name, { largeValueBytes: options.largeValueBytes });
    perFile.set(key, result);
  }
  return result;
}

/**
 * A Vue or Svelte file as vue-eslint-parser and svelte-eslint-parser give it: the whole component's text (their
 * AST covers only the scripts), which the analyzer reads through its script blocks, at the file's positions.
 */
function isComponentText(text: string, filename: string): boolean {
  return /\.(vue|svelte)$/i.test(filename) && /<script[\s>]/i.test(text);
}

function toEslintLoc(p: { line: number; column: number }): Loc {
  return { line: p.line + 1, column: p.column };
}

function makeRule(id: RuleId, description: string, docPath: string) {
  return {
    meta: {
      type: 'problem' as const,
      docs: {
        description,
        url: repositoryFileUrl(docPath),
        recommended: true,
      },
      hasSuggestions: true,
      schema: [
        {
          type: 'object',
          properties: { largeValueBytes: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
      ],
      // One message id that carries the analyzer's own text; ESLint needs ids for tests and suggestions.
      messages: { finding: '{{ message }}', fix: '{{ title }}' },
    },
    create(context: RuleContextLike) {
      const sourceCode = context.sourceCode ?? context.getSourceCode!();
      const filename = context.filename ?? context.getFilename?.() ?? 'file.js';
      const opts = (context.options[0] ?? {}) as RuleOptions;
      return {
        'Program:exit'() {
          const result = analysisFor(sourceCode, filename, { largeValueBytes: opts.largeValueBytes });
          for (const f of result.findings) if (f.rule === id) report(context, sourceCode, f);
        },
      };
    },
  };
}

function report(context: RuleContextLike, sourceCode: SourceCodeLike, f: Finding): void {
  const offset = (p: { line: number; column: number }) => sourceCode.getIndexFromLoc(toEslintLoc(p));
  context.report({
    loc: { start: toEslintLoc(f.range.start), end: toEslintLoc(f.range.end) },
    messageId: 'finding',
    data: { message: f.message },
    suggest: f.fixes.map((fix) => ({
      messageId: 'fix' as const,
      data: { title: fix.title },
      fix: (fixer: FixerLike) =>
        fix.edits.map((e) => fixer.replaceTextRange([offset(e.range.start), offset(e.range.end)], e.newText)),
    })),
  });
}

const rules = Object.fromEntries(RULES.map((r) => [r.id, makeRule(r.id, r.description, r.docPath)])) as Record<
  RuleId,
  ReturnType<typeof makeRule>
>;

const plugin = {
  meta: { name: 'eslint-plugin-retainer-lens', version },
  rules,
  configs: {} as Record<string, unknown>,
};

const severityToEslint = { error: 'error', warning: 'warn', info: 'warn' } as const;

plugin.configs.recommended = {
  name: 'retainer-lens/recommended',
  plugins: { 'retainer-lens': plugin },
  rules: Object.fromEntries(RULES.map((r) => [`retainer-lens/${r.id}`, severityToEslint[r.defaultSeverity]])),
};

export { rules };
export default plugin;
