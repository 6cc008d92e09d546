// The reference for bench:editor: analyze() alone, in plain Node, on the same 2,000-line text and the same
// edits, so the editor's figure can be read as a ratio (what the worker, debounce and VS Code add).
import { analyze } from '../../src/analyzer/index';
import { percentile, twoThousandLines } from '../../test/editor/suite/latencyText';

const ROUNDS = 40;
let text = twoThousandLines();
analyze(text, 'bench.js'); // warm up the parser as the worker is warm
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const lines = text.split('\n');
  lines.splice(1000, 0, `// edit ${round}`);
  text = lines.join('\n');
  const started = performance.now();
  analyze(text, 'bench.js');
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: percentile(times, 50), p95: percentile(times, 95), samples: times.length }));
