// Kept in step with package.json by test/package/manifest.test.ts.
export const version = '0.1.0';
