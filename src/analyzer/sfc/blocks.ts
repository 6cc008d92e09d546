// Finds the top-level <script> blocks of a Vue or Svelte single-file component without an HTML parser:
// a scanner that knows just enough markup to not be fooled. It skips HTML comments, quoted attribute
// values, Vue `{{ }}` interpolations and Svelte `{…}` expressions (JavaScript-aware: strings, template
// literals, comments), the raw text of <style> and of Vue's custom blocks, and tracks element nesting so
// that only top-level scripts count (a Svelte `<svelte:head><script src=…>` is markup, not the component's
// script). Like the Vue and Svelte compilers, a script block ends at the first `</script`, even inside a
// string of its own (write `<\/script>` there).

export type ComponentKind = 'vue' | 'svelte';

/** `setup`: Vue's `<script setup>` and Svelte's instance script (runs per component instance); `module`: once. */
export type BlockRole = 'setup' | 'module';

export type BlockLang = 'js' | 'jsx' | 'ts' | 'tsx';

export interface ScriptBlock {
  /** Offset of the `<` of `<script`. */
  tagStart: number;
  /** Offsets of the block's code: just after the opening tag's `>`, and at the `<` of `</script`. */
  start: number;
  end: number;
  role: BlockRole;
  lang: BlockLang;
}

export interface FoundBlocks {
  blocks: ScriptBlock[];
  /** Blocks not analyzed and why (external `src=`, another language), for the user to know. */
  notes: string[];
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  '!doctype',
]);

export function componentKindOf(fileName: string): ComponentKind | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.vue')) return 'vue';
  if (lower.endsWith('.svelte')) return 'svelte';
  return undefined;
}

interface Tag {
  name: string;
  attrs: Map<string, string | true>;
  /** Offset just after the tag's `>` (or the end of the text). */
  end: number;
  selfClosing: boolean;
}

const isNameStart = (c: string | undefined) => !!c && /[A-Za-z]/.test(c);

/** Line (1-based) of an offset, for notes. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Skips a quoted string or template literal starting at `i` (the quote); returns the offset after it. */
function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (quote === '`' && c === '$' && text[j + 1] === '{') j = skipBraces(text, j + 1);
    else if (quote !== '`' && c === '\n')
      return j; // an unterminated string ends at the line, as in JS
    else j++;
  }
  return text.length;
}

/** Skips a balanced JavaScript `{…}` starting at `i` (the `{`); returns the offset after the closing `}`. */
export function skipBraces(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text[j];
    if (c === '{') {
      depth++;
      j++;
    } else if (c === '}') {
      depth--;
      j++;
      if (depth === 0) return j;
    } else if (c === '"' || c === "'" || c === '`') j = skipQuoted(text, j);
    else if (c === '/' && text[j + 1] === '/') {
      const nl = text.indexOf('\n', j);
      j = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[j + 1] === '*') {
      const close = text.indexOf('*/', j + 2);
      j = close < 0 ? text.length : close + 2;
    } else j++;
  }
  return text.length;
}

/** Reads the tag starting at `i` (the `<`, followed by a letter): its name, attributes and end. */
function readTag(text: string, i: number, kind: ComponentKind): Tag {
  let j = i + 1;
  while (j < text.length && !/[\s/>]/.test(text[j])) j++;
  const name = text.slice(i + 1, j).toLowerCase();
  const attrs = new Map<string, string | true>();
  let selfClosing = false;
  while (j < text.length) {
    const c = text[j];
    if (c === '>') return { name, attrs, end: j + 1, selfClosing };
    if (c === '/' && text[j + 1] === '>') {
      selfClosing = true;
      j++;
      continue;
    }
    if (/\s|\//.test(c)) {
      j++;
      continue;
    }
    if (kind === 'svelte' && c === '{') {
      j = skipBraces(text, j); // {shorthand} and {...spread}
      continue;
    }
    // An attribute: name[=value].
    const nameStart = j;
    while (j < text.length && !/[\s/>=]/.test(text[j])) {
      if (kind === 'svelte' && text[j] === '{') j = skipBraces(text, j);
      else j++;
    }
    const attrName = text.slice(nameStart, j).toLowerCase();
    let k = j;
    while (k < text.length && /\s/.test(text[k])) k++;
    if (text[k] !== '=') {
      if (attrName) attrs.set(attrName, true);
      continue;
    }
    k++;
    while (k < text.length && /\s/.test(text[k])) k++;
    const q = text[k];
    let value: string;
    if (q === '"' || q === "'") {
      let e = k + 1;
      while (e < text.length && text[e] !== q) {
        // Svelte reads `{…}` inside a quoted value as JavaScript, which may hold the same quote.
        if (kind === 'svelte' && text[e] === '{') e = skipBraces(text, e);
        else e++;
      }
      value = text.slice(k + 1, e);
      j = Math.min(e + 1, text.length);
    } else if (kind === 'svelte' && q === '{') {
      const e = skipBraces(text, k);
      value = text.slice(k, e);
      j = e;
    } else {
      let e = k;
      while (e < text.length && !/[\s>]/.test(text[e])) e++;
      value = text.slice(k, e);
      j = e;
    }
    if (attrName) attrs.set(attrName, value);
  }
  return { name, attrs, end: text.length, selfClosing };
}

/** Offset of the `<` of the closing tag `</name` (case-insensitive, then whitespace, `/` or `>`), or -1. */
function closingTag(text: string, from: number, name: string): number {
  const re = new RegExp(`</${name.replace(/[^\w:-]/g, '')}(?=[\\s/>]|$)`, 'gi');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : -1;
}

function langOf(attrs: Map<string, string | true>): BlockLang | string {
  const lang = attrs.get('lang');
  const type = attrs.get('type');
  const value = typeof lang === 'string' ? lang.trim().toLowerCase() : undefined;
  if (value !== undefined && value !== '') {
    if (value === 'ts' || value === 'typescript') return 'ts';
    if (value === 'tsx') return 'tsx';
    if (value === 'jsx') return 'jsx';
    if (value === 'js' || value === 'javascript') return 'js';
    return value;
  }
  const t = typeof type === 'string' ? type.trim().toLowerCase() : undefined;
  if (t === undefined || t === '' || t === 'module' || /^(text|application)\/(javascript|ecmascript)$/.test(t))
    return 'js';
  if (t === 'text/typescript' || t === 'application/typescript') return 'ts';
  return t;
}

function roleOf(kind: ComponentKind, attrs: Map<string, string | true>): BlockRole {
  if (kind === 'vue') return attrs.has('setup') ? 'setup' : 'module';
  // Svelte 4 `context="module"`, Svelte 5 `module`.
  const context = attrs.get('context');
  return attrs.has('module') || (typeof context === 'string' && context.trim() === 'module') ? 'module' : 'setup';
}

/** The top-level script blocks of a `.vue` or `.svelte` file, in file order. */
export function findScriptBlocks(text: string, kind: ComponentKind): FoundBlocks {
  const blocks: ScriptBlock[] = [];
  const notes: string[] = [];
  /** Open elements (Svelte markup; in Vue only nested <template>s are tracked, the rest is not needed). */
  const open: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '{' && kind === 'svelte') {
      i = skipBraces(text, i); // `{expr}`, `{#if a < b}`, `{@html '<script>…'}`
      continue;
    }
    if (c === '{' && text[i + 1] === '{' && open.length > 0) {
      const close = text.indexOf('}}', i + 2); // Vue `{{ a < b }}` inside a template
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c !== '<') {
      i++;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (text[i + 1] === '/' && isNameStart(text[i + 2])) {
      let j = i + 2;
      while (j < n && !/[\s/>]/.test(text[j])) j++;
      const name = text.slice(i + 2, j).toLowerCase();
      const gt = text.indexOf('>', j);
      i = gt < 0 ? n : gt + 1;
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      continue;
    }
    if (!isNameStart(text[i + 1]) && !(text[i + 1] === '!' && isNameStart(text[i + 2]))) {
      i++;
      continue;
    }
    const tag = readTag(text, i, kind);
    const topLevel = open.length === 0;
    if (tag.name === 'script' || tag.name === 'style' || (kind === 'vue' && topLevel && tag.name !== 'template')) {
      // Raw text up to the closing tag: scripts, styles, and Vue's custom blocks (<i18n>, <docs>, …).
      if (tag.selfClosing) {
        i = tag.end;
        continue;
      }
      const close = closingTag(text, tag.end, tag.name);
      const contentEnd = close < 0 ? n : close;
      if (tag.name === 'script' && topLevel) {
        const line = lineOf(text, i);
        const src = tag.attrs.get('src');
        const lang = langOf(tag.attrs);
        if (close < 0) notes.push(`the <script> at line ${line} has no </script>: read to the end of the file`);
        if (typeof src === 'string') {
          notes.push(`the <script src="${src}"> at line ${line} is an external file: it is analyzed on its own`);
        } else if (lang !== 'js' && lang !== 'jsx' && lang !== 'ts' && lang !== 'tsx') {
          notes.push(`the <script> at line ${line} is ${lang}, not JavaScript or TypeScript: not analyzed`);
        } else {
          blocks.push({ tagStart: i, start: tag.end, end: contentEnd, role: roleOf(kind, tag.attrs), lang });
        }
      }
      if (close < 0) break;
      const gt = text.indexOf('>', close);
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    i = tag.end;
    if (kind === 'vue') {
      if (tag.name !== 'template' || tag.selfClosing) continue;
      const lang = tag.attrs.get('lang');
      if (topLevel && typeof lang === 'string' && lang.toLowerCase() !== 'html') {
        // Pug and friends: not markup, skip to the block's end.
        const close = closingTag(text, tag.end, 'template');
        const gt = close < 0 ? -1 : text.indexOf('>', close);
        i = gt < 0 ? n : gt + 1;
        continue;
      }
      open.push('template');
      continue;
    }
    if (tag.selfClosing || VOID_ELEMENTS.has(tag.name)) continue;
    open.push(tag.name);
  }
  return { blocks, notes };
}
