/**
 * A .gitignore as globs that VS Code's findFiles understands, scoped to the folder the file sits in
 * (`baseDir`, relative to the workspace folder, '' for its root). Covers the common forms (names, `dir/`,
 * `*.ext`, anchored `/path`); negations (`!`) cannot be expressed as an exclude and are skipped.
 */
export function gitignoreToGlobs(text: string, baseDir = ''): string[] {
  const prefix = baseDir ? `${baseDir.replace(/\/+$/, '')}/` : '';
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    let pattern = line.endsWith('/') ? line.slice(0, -1) : line;
    const anchored = pattern.startsWith('/') || pattern.includes('/');
    pattern = pattern.replace(/^\//, '');
    const base = anchored ? `${prefix}${pattern}` : `${prefix}**/${pattern}`;
    globs.push(base, `${base}/**`);
  }
  return globs;
}
