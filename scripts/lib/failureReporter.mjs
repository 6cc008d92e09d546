// A node:test reporter that writes one line per failed test (file, name, first line of the error), so the
// `npm test` summary can repeat what failed: CI logs keep only their tail, where the spec output is long gone.
import { relative } from 'node:path';

export default async function* failureReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, line, details } = event.data;
    // Suites fail when a test inside them fails; the test's own line already says it.
    if (details?.type === 'suite') continue;
    const cause = details?.error?.cause ?? details?.error;
    const message = String(cause?.message ?? cause ?? 'failed')
      .split('\n')[0]
      .slice(0, 300);
    const where = file ? relative(process.cwd(), file.replace(/^file:\/\//, '')) : '?';
    yield `${where}:${line ?? '?'} ${name} — ${message}\n`;
  }
}
