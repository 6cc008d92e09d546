// Shared by the leak gate's tests.

/** The environment of a top-level test run: ours marks its children as subtests of itself (NODE_TEST_CONTEXT). */
export function freshEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}
