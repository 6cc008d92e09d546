// `retainer-lens/test` (bundled to dist/test.js): the leak gate for test runners.
export { expectNoLeak, type ExpectNoLeakOptions } from './expectNoLeak';
export { measureLeaks, type LeakCheckResult, type MeasureOptions } from './measure';
export type { LeakScenario } from './scenario';
export type { LeakFinding, RelatedPlace } from './leakFinding';
export type { SourcePlace } from './sourcePlace';
