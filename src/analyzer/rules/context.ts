// What a rule gets: the file model, the effective options, and a way to report.
import type { FileModel } from '../model';
import type { Finding, RuleId } from '../types';

export interface RuleContext {
  model: FileModel;
  largeValueBytes: number;
  report(finding: Omit<Finding, 'severity' | 'related' | 'fixes'> & Partial<Pick<Finding, 'related' | 'fixes'>>): void;
}

export interface RuleImpl {
  id: RuleId;
  run(ctx: RuleContext): void;
}
