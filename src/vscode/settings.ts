import * as vscode from 'vscode';
import { DEFAULT_LARGE_VALUE_BYTES, RULE_IDS } from '../analyzer/rules';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../capture/index';
import type { AnalyzerOptions, RuleId, Severity } from '../analyzer/types';

/** Everything under the `retainerLens` section, read fresh each time so changes apply without a reload. */
export interface AnalyzerSettings {
  enabled: boolean;
  debounceMs: number;
  exclude: string[];
  options: AnalyzerOptions;
}

const severities = new Set(['error', 'warning', 'info', 'off']);

export function analyzerSettings(scope?: vscode.ConfigurationScope): AnalyzerSettings {
  const config = vscode.workspace.getConfiguration('retainerLens', scope);
  const configuredRules = config.get<Record<string, string>>('analyzer.rules', {});
  const rules: Partial<Record<RuleId, Severity | 'off'>> = {};
  for (const id of RULE_IDS) {
    const value = configuredRules[id];
    if (value && severities.has(value)) rules[id] = value as Severity | 'off';
  }
  const threshold = config.get<number>('analyzer.largeValueThreshold', DEFAULT_LARGE_VALUE_BYTES);
  return {
    enabled: config.get<boolean>('analyzer.enable', true),
    debounceMs: Math.max(0, config.get<number>('analyzer.debounceMs', 300)),
    exclude: config.get<string[]>('analyzer.exclude', []),
    options: { rules, largeValueBytes: threshold > 0 ? threshold : DEFAULT_LARGE_VALUE_BYTES },
  };
}

export interface CaptureSettings {
  folder: string;
  collectGarbage: boolean;
  /** `retainerLens.capture.inactivityTimeoutSeconds`, in milliseconds; 0 waits forever. */
  inactivityTimeoutMs: number;
}

export function captureSettings(): CaptureSettings {
  const config = vscode.workspace.getConfiguration('retainerLens');
  const inactivitySeconds = config.get<unknown>('capture.inactivityTimeoutSeconds');
  return {
    folder: config.get<string>('capture.folder', '.heapsnapshots') || '.heapsnapshots',
    collectGarbage: config.get<boolean>('capture.collectGarbage', true),
    inactivityTimeoutMs:
      typeof inactivitySeconds === 'number' && inactivitySeconds >= 0
        ? inactivitySeconds * 1000
        : DEFAULT_INACTIVITY_TIMEOUT_MS,
  };
}
