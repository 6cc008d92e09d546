// The one list of rule ids, default severities and descriptions. The editor's settings, the docs, the CLI,
// SARIF and the ESLint plugin all read it from here.
import { repositoryFileUrl } from '../common/project';
import type { RuleId, Severity } from './types';

export interface RuleInfo {
  id: RuleId;
  defaultSeverity: Severity;
  /** One sentence, shown in settings, SARIF and ESLint metadata. */
  description: string;
  /** Path of the rule's page inside the repository. */
  docPath: string;
}

const info = (id: RuleId, defaultSeverity: Severity, description: string): RuleInfo => ({
  id,
  defaultSeverity,
  description,
  docPath: `docs/rules/${id}.md`,
});

export const RULES: readonly RuleInfo[] = [
  info(
    'closure-large-scope',
    'warning',
    'A long-lived closure whose V8 context chain holds a large value, often one only a sibling closure uses.',
  ),
  info(
    'listener-not-removed',
    'warning',
    'A listener, subscription or observer added on a repeatable path to a target that outlives it, never removed in teardown.',
  ),
  info(
    'interval-not-cleared',
    'warning',
    'setInterval (or a self-rescheduling setTimeout loop) started on a repeatable path whose id is dropped or never cleared.',
  ),
  info(
    'unbounded-collection',
    'warning',
    'A long-lived Map, Set, array or object used as a cache or registry that is only ever grown.',
  ),
  info(
    'global-leak',
    'warning',
    'An assignment that creates a global by accident, or data accumulating on window/globalThis.',
  ),
  info(
    'map-object-key',
    'warning',
    'A long-lived Map or Set keyed by objects whose entries are never deleted; a WeakMap/WeakSet would let them go.',
  ),
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export const DEFAULT_LARGE_VALUE_BYTES = 64 * 1024;

function ruleInfo(id: RuleId): RuleInfo {
  const found = RULES.find((r) => r.id === id);
  if (!found) throw new Error(`unknown rule ${id}`);
  return found;
}

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** Where a rule's documentation page lives online; the editor links diagnostics here. */
export function ruleDocUrl(id: RuleId): string {
  return repositoryFileUrl(ruleInfo(id).docPath);
}
