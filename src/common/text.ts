// Untrusted text (snapshot strings, script URLs, a peer's error messages) made safe to show: cut to a bounded
// length (a snapshot can hold a 10 MB string), and every character that could disguise it made visible. The
// webview shows it in text nodes; the CLI prints it to a terminal, where ESC, CSI/OSC sequences (clear the
// screen, set the title, write the clipboard) and `\r`/`\n` (forged output lines) must never arrive raw.

// Bidi embeddings, overrides and isolates (Trojan Source), marks, and other invisible format characters.
const FORMAT_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// C0 (with ESC), DEL and C1 (with CSI U+009B and OSC U+009D): no terminal sequence can start without one.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// Line and paragraph separators break lines in some terminals and editors.
const SEPARATORS = /[\u2028\u2029]/g;

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function codePoint(ch: string): string {
  return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Makes bidi/format, separator and control characters visible as escapes, so they cannot reorder or hide text. */
export function neutralize(text: string): string {
  return text
    .replace(FORMAT_CHARS, codePoint)
    .replace(SEPARATORS, codePoint)
    .replace(CONTROL_CHARS, (ch) => CONTROL_NAMES[ch] ?? codePoint(ch));
}

/** Cuts to `max` characters without splitting a surrogate pair, adding an ellipsis when cut. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/** Longest untrusted string the CLI prints in one piece. */
const MAX_TERMINAL_CHARS = 2000;

/**
 * The one way untrusted text is shown: truncated first (so a huge string costs nothing), then neutralized,
 * then truncated again because escapes make it longer.
 */
export function displayText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  return truncate(neutralize(truncate(text, max)), max);
}

/** Untrusted text for a terminal: one line, no control sequences, bounded. Every CLI printer uses it. */
export function terminalText(value: unknown, max = MAX_TERMINAL_CHARS): string {
  return displayText(value, max);
}

/** A template tag: every interpolated value goes through `terminalText`, the literal parts stay as written. */
export function safe(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (typeof v === 'number' ? String(v) : terminalText(v)) + strings[i + 1];
  }
  return out;
}

/**
 * Untrusted text (a peer's error message) inside a VS Code notification: made visible like terminal text, and
 * never a `[label](target)` link, which a notification renders clickable (command links included).
 */
export function notificationText(value: unknown, max = 500): string {
  return displayText(value, max).replace(/\]\(/g, '] (');
}

/**
 * A whole block of output made terminal-safe line by line: every control, format and separator character
 * but the line breaks between lines made visible, nothing cut. The CLI passes everything it prints through
 * this last, so a printer that forgot `terminalText` still cannot reach the terminal with ESC or `\r`.
 */
export function terminalLines(text: string): string {
  return text.split('\n').map(neutralize).join('\n');
}

/** Longest string in the CLI's JSON output (a snapshot can name a class with a 100 MB string). */
export const MAX_JSON_STRING = 10_000;

// What JSON.stringify leaves raw but a terminal or a reader must not get raw: C1 controls (U+009B is CSI),
// DEL, separators, bidi and invisible format characters. As \uXXXX escapes they mean the same to a parser.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * JSON for the CLI: indented, every string longer than `maxString` cut with how much was left out, and the
 * characters above escaped, so the output is as safe on a terminal as the text format and stays valid JSON.
 */
export function jsonText(value: unknown, maxString = MAX_JSON_STRING): string {
  const cut = (v: string): string => {
    const kept = truncate(v, maxString);
    return `${kept} (${(v.length - kept.length + 1).toLocaleString('en-US')} more characters)`;
  };
  const text =
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > maxString ? cut(v) : v), 2) ??
    'null';
  return text.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
