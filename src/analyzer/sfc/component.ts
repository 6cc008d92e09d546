// A Vue or Svelte component as the analyzer reads it: the file's text with everything outside the analyzed
// script blocks blanked to spaces (line breaks kept), so every offset, line and column of the parse is the
// component file's own and findings, related locations and quick-fix edits need no mapping back.
import { componentKindOf, findScriptBlocks, type BlockLang, type ComponentKind, type ScriptBlock } from './blocks';

export interface ComponentSource {
  kind: ComponentKind;
  /** Same length and line breaks as the file; only the analyzed blocks' code is left. */
  text: string;
  blocks: ScriptBlock[];
  /** How to parse the blocks together (Vue requires one language for both of its blocks). */
  lang: BlockLang;
  /** The name the instance function gets: `Counter` for Counter.vue, `Page` for +page.svelte. */
  name: string;
  notes: string[];
}

export { componentKindOf };

function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}

function combinedLang(blocks: ScriptBlock[]): BlockLang {
  const langs = new Set(blocks.map((b) => b.lang));
  const ts = langs.has('ts') || langs.has('tsx');
  const jsx = langs.has('jsx') || langs.has('tsx');
  return ts ? (jsx ? 'tsx' : 'ts') : jsx ? 'jsx' : 'js';
}

/** `my-counter.vue` → `MyCounter`; a name that would not start with a capital gets `Component` in front. */
function componentName(fileName: string, code: string): string {
  const base = fileName
    .split(/[\\/]/)
    .pop()!
    .replace(/\.[^.]*$/, '');
  let name = base
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  if (!/^[A-Z]/.test(name)) name = 'Component' + name;
  // The name is declared at module level: it must not capture one of the file's own identifiers.
  while (new RegExp(`(^|[^\\w$])${name}($|[^\\w$])`).test(code)) name += '_';
  return name;
}

export function componentSource(text: string, fileName: string): ComponentSource | undefined {
  const kind = componentKindOf(fileName);
  if (!kind) return undefined;
  const { blocks, notes } = findScriptBlocks(text, kind);
  const parts: string[] = [];
  let at = 0;
  for (const block of blocks) {
    // The opening tag's `>` becomes `;`: blocks are separate programs, and the previous one's last statement
    // must not run into this one's first (`export default {}` followed by `(async () => …)()`).
    parts.push(blank(text, at, block.start - 1), ';', text.slice(block.start, block.end));
    at = block.end;
  }
  parts.push(blank(text, at, text.length));
  const masked = parts.join('');
  const code = blocks.map((b) => text.slice(b.start, b.end)).join('\n');
  return { kind, text: masked, blocks, lang: combinedLang(blocks), name: componentName(fileName, code), notes };
}
