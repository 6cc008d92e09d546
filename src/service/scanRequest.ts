// The worker's `scan` request: the analyzer over files and folders, in the worker so the caller's thread
// (the MCP server's protocol loop, the extension host) never parses. Folders are walked like `retainer-lens
// scan` walks them; a file that cannot be read, is too large or does not parse is listed, not fatal. As in
// `retainer-lens scan`, the workspace pass reads every file first and each is analyzed with its facts.
import { readFileSync, statSync } from 'node:fs';
import { analyze, buildWorkspaceIndex } from '../analyzer/index';
import { collectFiles } from '../analyzer/scanFiles';
import type { Logger } from '../common/log';
import type { HeapParams, ScanResult } from './protocol';

const DEFAULT_MAX_FILE_BYTES = 5_000_000;

export function scanPaths(params: HeapParams<'scan'>, log?: Logger): ScanResult {
  if (!Array.isArray(params.paths)) throw new RangeError('scan needs an array of paths');
  const maxBytes = params.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const result: ScanResult = { files: 0, findings: [], skipped: [] };
  const existing = params.paths.filter((path) => {
    try {
      statSync(path);
      return true;
    } catch (error) {
      result.skipped.push({ file: path, reason: `not found (${(error as NodeJS.ErrnoException).code ?? error})` });
      return false;
    }
  });
  const sources: { file: string; text: string }[] = [];
  for (const file of collectFiles(existing, log)) {
    try {
      if (statSync(file).size > maxBytes) {
        result.skipped.push({ file, reason: `larger than ${maxBytes} bytes` });
        continue;
      }
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      log?.warn(`scanning ${file}`, error);
      result.skipped.push({ file, reason: `unreadable (${(error as Error).message})` });
    }
  }
  const index = buildWorkspaceIndex(
    sources.map((s) => ({ path: s.file, text: s.text })),
    { log },
  );
  for (const { file, text } of sources) {
    const workspace = index.facts.get(file);
    const analysis = analyze(text, file, workspace ? { ...params.analyzer, workspace } : params.analyzer);
    result.files++;
    if (analysis.parseError) result.skipped.push({ file, reason: `does not parse: ${analysis.parseError.message}` });
    if (analysis.findings.length) result.findings.push({ file, findings: analysis.findings });
  }
  return result;
}
