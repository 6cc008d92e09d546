import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CdpConnection, Recording } from '../../src/capture';
import { loadSnapshotFile } from '../../src/heap/loader';
import { allAllocationSites } from '../../src/heap/allocationQueries';
const debuggerOn = process.argv[2] === 'debugger';
(async () => {
  for (let round = 0; round < 5; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    const portFile = join(dir, 'port');
    const child = spawn(process.execPath, [...(process.env.EXTRA ? [process.env.EXTRA] : []), '--inspect=127.0.0.1:0', '/work/wt/i18/test/editor/workspace/allocations/app.js'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RETAINER_LENS_PORT_FILE: portFile } });
    const ws = await new Promise<string>((r) => { let t = ''; child.stderr!.on('data', (d) => { t += d; const m = /(ws:\/\/\S+)/.exec(t); if (m) r(m[1]); }); });
    while (!existsSync(portFile) || !readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 50));
    const port = readFileSync(portFile, 'utf8');
    const c = await CdpConnection.connect(ws);
    if (debuggerOn) { await c.send('Runtime.enable'); await c.send('Debugger.enable'); await c.send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 }); }
    if (process.env.NOCOMPACT) console.log(JSON.stringify(await c.send('Runtime.evaluate', { expression: "process.getBuiltinModule('v8').setFlagsFromString('--no-compact'); 'ok'" })));
    const rec = await Recording.start(c, { mode: 'allocations' });
    await (await fetch(`http://127.0.0.1:${port}/open?n=300`)).text();
    await new Promise((r) => setTimeout(r, 1500));
    await rec.stop({ output: join(dir, 'x.heapsnapshot') });
    await c.close(); child.kill();
    const s = await loadSnapshotFile(join(dir, 'x.heapsnapshot'));
    const open = allAllocationSites(s).find((r) => r.frame.name === 'open');
    console.log(round, 'open live', open?.count, 'allocated', open?.allocatedCount);
  }
})();
