// The join core's public surface (vscode-free; runs in plain Node or in the service worker). Engine-side
// steps take a loaded HeapSnapshot; `confirmFindings` and the mapping helpers need no snapshot. Every result
// is JSON.
export type * from './types';
export { aggregateByLine, type LineRetentionOptions } from './lineRetention';
export type { DeadContextOptions } from './deadContext';
export { confirmFindings, type JoinEvidence, type ConfirmContext } from './confirm';
export { ScriptMapper, scriptCandidates } from './mapScript';
export { loadWorkspaceSources, readScript } from './workspaceSources';
export { SourceMap, sourceMappingUrl } from './sourceMap';
export { joinSnapshot, type JoinInput, type JoinReport } from './joinSnapshot';
export type { NodeMarks, MarkContext } from './marks';
export { functionAllocations, type FunctionAllocationIndex } from './functionAllocations';
