// Loads a scenario module, ES module or CommonJS, and finds its functions: named exports (`export async
// function action()`, `exports.action = …`) or the same on a default export (`export default { … }`,
// `module.exports = { … }`).
import { pathToFileURL } from 'node:url';
import type { LeakScenario } from './scenario';

const HOOKS = ['setup', 'action', 'back', 'teardown'] as const;

/** A real dynamic import even in the CommonJS bundle (esbuild would turn `import()` into `require()`). */
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

export async function loadScenario(file: string): Promise<LeakScenario> {
  const module = await importModule(pathToFileURL(file).href);
  // CommonJS: `default` is module.exports itself (the namespace sees only what Node's lexer could detect).
  const candidates = [module.default as Record<string, unknown> | undefined, module];
  const source = candidates.find((c) => c && typeof c === 'object' && typeof c.action === 'function');
  if (!source)
    throw new Error(
      `${file} exports no action() function (export setup(), action() and back(), as memlab scenarios do)`,
    );
  const scenario: Partial<Record<(typeof HOOKS)[number], () => unknown>> = {};
  for (const hook of HOOKS) {
    const value = source[hook];
    if (value === undefined) continue;
    if (typeof value !== 'function') throw new Error(`${file}: ${hook} must be a function`);
    scenario[hook] = () => (value as () => unknown).call(source);
  }
  return scenario as LeakScenario;
}
