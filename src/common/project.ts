// Where the project lives: package.json's repository and every documentation link (rule pages in the
// diagnostics' SARIF, the ESLint plugin's rule docs) come from here; the manifest test keeps them in step.

export const REPOSITORY_URL = 'https://github.com/retainer-lens/retainer-lens';

/** A file of the repository's main branch, e.g. a rule page `docs/rules/global-leak.md`. */
export function repositoryFileUrl(path: string): string {
  return `${REPOSITORY_URL}/blob/main/${path}`;
}
