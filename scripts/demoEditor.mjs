// `npm run demo -- --editor`: the example app in VS Code (code-server from the editor harness) with the packaged
// extension installed, on loopback; prints the URL and runs until Ctrl-C. `--check` answers once and exits
// (the editor tests use it). `--port N` picks the port.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cache, codeServerEntry, freePort, node24, prepareProfile, root, startCodeServer } from './lib/codeServer.mjs';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

export async function demoInEditor(argv) {
  const check = argv.includes('--check');
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : await freePort();
  const example = join(root, 'examples/leaky-server');

  run('bash', [join(root, 'scripts/install-editor.sh')]);
  run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const profile = prepareProfile(join(cache, 'demo-profile'));
  // The packaged extension, installed the way a user would.
  run(
    node24,
    [
      codeServerEntry,
      '--install-extension',
      join(root, 'dist-vsix/retainer-lens.vsix'),
      '--force',
      '--extensions-dir',
      profile.extensionsDir,
      '--user-data-dir',
      profile.userDataDir,
    ],
    { env: { ...process.env, ...profile.env }, stdio: ['ignore', 'ignore', 'inherit'] },
  );

  const server = await startCodeServer({
    port,
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    env: profile.env,
  });
  const url = `${server.url}?folder=${encodeURIComponent(example)}`;
  console.log(`\nRetainer Lens is installed in VS Code at:\n\n  ${url}\n`);
  if (check) {
    const page = await fetch(url);
    await server.stop();
    if (!page.ok) throw new Error(`the workbench answered ${page.status}`);
    const installed = readdirSync(profile.extensionsDir).filter((name) =>
      name.startsWith('retainer-lens.retainer-lens-'),
    );
    if (installed.length !== 1) throw new Error(`the packaged extension is not installed in ${profile.extensionsDir}`);
    console.log(`installed: ${installed[0]}`);
    console.log('the workbench answered; stopped (--check)');
    return;
  }
  console.log(
    'Open it in a browser on this machine. Run "Start Debugging" (leaky-server), request http://127.0.0.1:3000/report?id=1 a few times,',
  );
  console.log('then "Retainer Lens: Capture heap snapshot".');
  console.log(
    'The snapshots `npm run demo` captured are in the workspace\'s .heapsnapshots/ folder: select the three and run "Find leaks".',
  );
  console.log('Press Ctrl-C here to stop.');
  await new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, resolve);
  });
  await server.stop();
}
