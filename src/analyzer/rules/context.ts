// What a rule gets: the file model, the effective options, and a way to report.
import type { FileModel } from '../model';
import type { Finding, RuleId } from '../types';

export interface RuleContext {
  model: FileModel;
  largeValueBytes: number;
  report(
    finding: Omit<Finding, 'severity' | 'related' | 'fixes' | 'confidence'> &
      Partial<Pick<Finding, 'related' | 'fixes' | 'confidence'>>,
  ): void;
}

export interface RuleImpl {
  id: RuleId;
  run(ctx: RuleContext): void;
}
