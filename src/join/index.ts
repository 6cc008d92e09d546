// The join core's public surface (vscode-free; runs in plain Node or in the heap worker). Engine-side steps
// take a loaded HeapSnapshot; `confirmFindings` and the mapping helpers need no snapshot. Every result is JSON.
export type * from './types';
export { aggregateByLine, retentionIndex, type LineRetentionOptions } from './lineRetention';
export { variableRetention } from './variableRetention';
export { leakGroupSites } from './leakSites';
export { functionAllocations, type FunctionAllocationIndex } from './functionAllocations';
export { allocationEvidence } from './allocationConfirm';
export { deadContextVariables, type DeadContextOptions } from './deadContext';
export { confirmFindings, confirmationMessage, type JoinEvidence, type ConfirmContext } from './confirm';
export { ScriptMapper, DiskSourceReader, scriptPath, displayPath } from './mapScript';
export { SourceMap, loadSourceMap, sourceMappingUrl } from './sourceMap';
export { joinSnapshot, joinWithMarks, type JoinInput, type JoinReport } from './joinSnapshot';
export { buildMarks, marksOf, type NodeMarks, type MarkContext } from './marks';
export { renderJoinMarkdown } from './markdown';

import { ScriptMapper } from './mapScript';
import type { MapOptions, MappedPosition } from './types';

/** One-off mapping of a snapshot location (0-based) to a workspace position; keep a ScriptMapper for many. */
export function mapScriptToFile(
  url: string,
  line: number,
  column: number,
  options: MapOptions = {},
): MappedPosition | undefined {
  return new ScriptMapper(options).map(url, line, column);
}
