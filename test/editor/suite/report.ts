import type Mocha from 'mocha';

/** Prints the plain "N passed, N failed" closing line CI reads, whatever mocha's reporter printed. */
export function reportPassFail(runner: Mocha.Runner): void {
  let passed = 0;
  let failed = 0;
  runner.on('pass', () => passed++);
  runner.on('fail', () => failed++);
  runner.on('end', () => console.log(`editor: ${passed} passed, ${failed} failed`));
}
