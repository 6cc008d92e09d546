// The explorer's engine process starts with the allocator settings of src/heap/processEnv.ts (glibc reads them at
// start, so they must be in the forked process's environment, not set from inside it).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENGINE_PROCESS_ENV } from '../../src/heap/processEnv';
import { ProcessWorker } from '../../src/service/processWorker';
import { tempDirForProcess } from '../support/tempDir';

test('the forked engine process has ENGINE_PROCESS_ENV in its environment, and the rest of its parent’s', async () => {
  assert.ok(Number(ENGINE_PROCESS_ENV.MALLOC_MMAP_THRESHOLD_) > 0);
  const script = join(tempDirForProcess('retainer-lens-env-'), 'echoEnv.js');
  writeFileSync(script, 'process.send({ env: process.env });\n');
  process.env.RETAINER_LENS_ENV_PROBE = 'inherited';
  const worker = new ProcessWorker(script);
  try {
    const env = await new Promise<Record<string, string>>((resolve, reject) => {
      worker.on('message', (m: { env: Record<string, string> }) => resolve(m.env));
      worker.on('error', reject);
    });
    for (const [key, value] of Object.entries(ENGINE_PROCESS_ENV)) assert.equal(env[key], value, key);
    assert.equal(env.RETAINER_LENS_ENV_PROBE, 'inherited');
  } finally {
    delete process.env.RETAINER_LENS_ENV_PROBE;
    await worker.terminate();
  }
});
