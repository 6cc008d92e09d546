/** The 2,000-line file of the edit-latency benchmark: request handlers with caches, timers and listeners. */
export function twoThousandLines(): string {
  const block = (i: number) => `
const cache${i} = new Map();
export function handler${i}(req, res) {
  const key = String(req.url) + ${i};
  if (!cache${i}.has(key)) cache${i}.set(key, { at: Date.now(), url: req.url });
  const timer = setInterval(() => res.write('.'), 1000);
  req.on('close', () => clearInterval(timer));
  return cache${i}.get(key);
}
`;
  const lines: string[] = [];
  for (let i = 0; lines.length < 2000; i++) lines.push(...block(i).split('\n'));
  return lines.slice(0, 2000).join('\n');
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
