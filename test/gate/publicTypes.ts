// Compile-time check (npm run typecheck): the hand-written types of `retainer-lens/test` (types/test.d.ts)
// accept what src/gate/ exports, and src/gate/ accepts what they promise.
import type * as Public from '../../types/test';
import type * as Impl from '../../src/gate/index';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Same<Parameters<typeof Impl.expectNoLeak>, Parameters<typeof Public.expectNoLeak>>>,
  Assert<Same<Awaited<ReturnType<typeof Impl.expectNoLeak>>, Public.LeakCheckResult>>,
  Assert<Same<Parameters<typeof Impl.measureLeaks>, Parameters<typeof Public.measureLeaks>>>,
  Assert<Same<Impl.LeakFinding, Public.LeakFinding>>,
  Assert<Same<Impl.MeasureOptions, Public.MeasureOptions>>,
  Assert<Same<Impl.LeakScenario, Public.LeakScenario>>,
];
