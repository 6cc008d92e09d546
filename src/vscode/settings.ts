import * as vscode from 'vscode';
import { DEFAULT_LARGE_VALUE_BYTES, RULE_IDS } from '../analyzer/rules';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../capture/index';
import type { AnalyzerOptions, RuleId, Severity } from '../analyzer/types';
import type { GrowthSettings } from '../watch/growth';
import type { AutoCapture } from '../watch/watchProtocol';
import { SETTING_DEFAULTS, SETTINGS_SECTION, type SettingKey } from './contributions';

/** One setting, read fresh each time so changes apply without a reload; the default is contributions.ts's. */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): (typeof SETTING_DEFAULTS)[K] {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).get(key, SETTING_DEFAULTS[key]);
}

/** Everything under `retainerLens.analyzer`. */
export interface AnalyzerSettings {
  enabled: boolean;
  debounceMs: number;
  exclude: string[];
  options: AnalyzerOptions;
}

const severities = new Set(['error', 'warning', 'info', 'off']);

export function analyzerSettings(scope?: vscode.ConfigurationScope): AnalyzerSettings {
  const configuredRules = setting('analyzer.rules', scope);
  const rules: Partial<Record<RuleId, Severity | 'off'>> = {};
  for (const id of RULE_IDS) {
    const value = configuredRules[id];
    if (value && severities.has(value)) rules[id] = value as Severity | 'off';
  }
  const threshold = setting('analyzer.largeValueThreshold', scope);
  return {
    enabled: setting('analyzer.enable', scope),
    debounceMs: Math.max(0, setting('analyzer.debounceMs', scope)),
    exclude: setting('analyzer.exclude', scope),
    options: {
      rules,
      largeValueBytes: threshold > 0 ? threshold : DEFAULT_LARGE_VALUE_BYTES,
      // Anything but 'medium' (a hand-edited value) keeps the default: only certain findings.
      minimumConfidence: setting('analyzer.minimumConfidence', scope) === 'medium' ? 'medium' : 'high',
    },
  };
}

export interface CaptureSettings {
  folder: string;
  collectGarbage: boolean;
  /** Open a captured snapshot in the retainer explorer at once (otherwise a notification offers to). */
  openAfterCapture: boolean;
  numericValues: boolean;
  /** `retainerLens.capture.inactivityTimeoutSeconds`, in milliseconds; 0 waits forever. */
  inactivityTimeoutMs: number;
}

export function captureSettings(): CaptureSettings {
  const inactivitySeconds = setting('capture.inactivityTimeoutSeconds');
  return {
    folder: setting('capture.folder') || SETTING_DEFAULTS['capture.folder'],
    collectGarbage: setting('capture.collectGarbage'),
    openAfterCapture: setting('capture.openAfterCapture'),
    numericValues: setting('capture.numericValues'),
    // A negative or non-number value (hand-edited settings.json) falls back to the default.
    inactivityTimeoutMs:
      typeof inactivitySeconds === 'number' && inactivitySeconds >= 0
        ? inactivitySeconds * 1000
        : DEFAULT_INACTIVITY_TIMEOUT_MS,
  };
}

/** Everything under `retainerLens.watch` (Leak Watch), with hand-edited nonsense replaced by the defaults. */
export interface WatchSettings {
  intervalMs: number;
  autoCapture: AutoCapture;
  growth: GrowthSettings;
}

const positive = (value: unknown, fallback: number, min: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;

export function watchSettings(): WatchSettings {
  const autoCapture = setting('watch.autoCapture');
  return {
    intervalMs: positive(setting('watch.intervalMs'), SETTING_DEFAULTS['watch.intervalMs'], 100),
    autoCapture: ['auto', 'ask', 'off'].includes(autoCapture) ? autoCapture : SETTING_DEFAULTS['watch.autoCapture'],
    growth: {
      window: Math.floor(positive(setting('watch.growthCheckpoints'), SETTING_DEFAULTS['watch.growthCheckpoints'], 2)),
      minBytes: positive(setting('watch.minGrowthBytes'), SETTING_DEFAULTS['watch.minGrowthBytes'], 1),
    },
  };
}
