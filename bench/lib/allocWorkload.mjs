// A real program for bench:allocations. On "build" it builds a heap like heapGenerate.mjs (objects,
// strings, arrays, a Map, closures) of about the MB given on the command line and answers "built"; on
// "work N" it runs N rounds of a fixed mixed workload (objects, strings, JSON, Map churn, sorting) and answers with its
// wall and CPU time in ms. It prints "ready" once started and exits when stdin closes.
const mb = Number(process.argv[2] ?? 50);
const items = Math.round((mb * 1e6) / 100 / 3.8);

class Item {
  constructor(i, prev) {
    this.id = i;
    this.name = 'item-' + i;
    this.tags = [i, i + 1];
    this.prev = prev;
  }
}

function build() {
  const keep = [];
  const byName = new Map();
  let prev = null;
  for (let i = 0; i < items; i++) {
    const item = new Item(i, i % 100 === 0 ? null : prev);
    prev = item;
    keep.push(item);
    if (i % 10 === 0) byName.set(item.name, item);
    if (i % 50 === 0) {
      const captured = item;
      keep.push(() => captured.id);
    }
  }
  globalThis.keep = keep;
  globalThis.byName = byName;
}

function work(rounds) {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let checksum = 0;
  for (let round = 0; round < rounds; round++) {
    const cache = new Map();
    const rows = [];
    for (let i = 0; i < 5000; i++) {
      const row = { id: i, label: `row-${round}-${i}`, values: [i, i * 2, i * 3] };
      rows.push(row);
      cache.set(row.label, row);
    }
    const text = JSON.stringify(rows.slice(0, 500));
    checksum += JSON.parse(text).length;
    rows.sort((a, b) => b.values[1] - a.values[1]);
    for (const [key, row] of cache) if (row.id % 7 === 0) cache.delete(key);
    checksum += cache.size + rows[0].id;
  }
  globalThis.checksum = checksum;
  const cpu = process.cpuUsage(startedCpu);
  return `${(performance.now() - started).toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}`;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  input += text;
  let newline;
  while ((newline = input.indexOf('\n')) >= 0) {
    const command = input.slice(0, newline).trim();
    input = input.slice(newline + 1);
    if (command === 'build') {
      build();
      process.stdout.write('built\n');
    } else if (command.startsWith('work')) {
      process.stdout.write(`worked ${work(Number(command.split(' ')[1] ?? 40))}\n`);
    }
  }
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write('ready\n');
