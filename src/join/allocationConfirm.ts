// Confirming a static finding from allocation stacks: the finding says a collection grows in some function
// (`cache.set(…)` in fillCache, `this.entries.set(…)` in add, `Registry.instances.push(this)`) or that a
// function assigns a global; the snapshot says which function allocated each live object and under which name
// it is held. When objects allocated in that very function are held in a collection (or, for a global, as
// the value) under the finding's name, the memory is the finding's. This works for module variables, for
// collections held on `this` or on a class, and for globals alike — every family that holds values.
// A constructor that files `this` away (`Registry.instances.push(this)`) fills its collection with objects
// V8 records as allocated by whoever called `new`: there, entries of the constructor's class count.
import { AST_NODE_TYPES as T } from '@typescript-eslint/typescript-estree';
import type { Node } from '../analyzer/ast';
import type { Finding } from '../analyzer/types';
import { declaredAt, functionAt, globalNameAt, offsetOf, type SourceFile } from './sourceModel';
import type { AllocationHolder, Confirmation, ConfirmOptions, FunctionAllocations, LeakGroupSites } from './types';

/** Stands for a module's top level (no function encloses it). */
const MODULE = 'module';
type Place = Node | typeof MODULE;

/** The innermost function whose body contains a position, or the module. */
export function enclosingFunction(src: SourceFile, line: number, column: number): Place {
  const offset = offsetOf(src, line, column);
  let best: Node | undefined;
  for (const fn of src.model.functions) {
    if (offset < fn.range[0] || offset >= fn.range[1]) continue;
    if (!best || fn.range[1] - fn.range[0] < best.range[1] - best.range[0]) best = fn;
  }
  return best ?? MODULE;
}

/** The function a snapshot position names, or the module for the module function V8 places at 0:0. */
function placeAt(src: SourceFile, line: number, column: number): Place | undefined {
  return functionAt(src, line, column) ?? (line === 0 && column === 0 ? MODULE : undefined);
}

/** The class name when a place is a class's constructor. */
function constructedClass(place: Place): string | undefined {
  if (place === MODULE) return undefined;
  const method = place.parent;
  if (method?.type !== T.MethodDefinition || method.kind !== 'constructor') return undefined;
  const cls = method.parent?.parent;
  return (cls?.type === T.ClassDeclaration || cls?.type === T.ClassExpression) && cls.id ? cls.id.name : undefined;
}

/** The name a collection or global finding is about. */
function heldName(src: SourceFile, finding: Finding): string | undefined {
  if (finding.rule === 'global-leak') return globalNameAt(src, finding.range);
  const declared = declaredAt(src, finding.range);
  return declared && declared.kind !== 'global' ? declared.name : undefined;
}

export function allocationEvidence(
  src: SourceFile,
  file: string,
  finding: Finding,
  allocations: readonly FunctionAllocations[] | undefined,
  leaks: readonly LeakGroupSites[] | undefined,
  o: ConfirmOptions,
): Confirmation | undefined {
  if (!allocations?.length) return undefined;
  const name = heldName(src, finding);
  if (!name) return undefined;
  // Where it is filled: a collection where the finding says it grows, a global where it is assigned.
  const isGlobal = finding.rule === 'global-leak';
  const places = isGlobal ? [finding.range.start] : finding.related.map((r) => r.range.start);
  if (places.length === 0) return undefined;
  const fillers = new Set<Place>(places.map((p) => enclosingFunction(src, p.line, p.column)));
  const constructed = new Set([...fillers].map(constructedClass).filter((c) => c !== undefined));
  const matches = (h: AllocationHolder): boolean => h.name === name && (isGlobal || h.via === 'entry');

  let count = 0;
  let best: { holder: AllocationHolder; fn: FunctionAllocations } | undefined;
  const sampleIds: number[] = [];
  const filling: FunctionAllocations[] = [];
  for (const fn of allocations) {
    const place = fn.file === file ? placeAt(src, fn.line, fn.column) : undefined;
    const fills = place !== undefined && fillers.has(place);
    if (!fills && constructed.size === 0) continue;
    for (const h of fn.holders) {
      if (!matches(h) || (!fills && !constructed.has(h.objectClass))) continue;
      if (!filling.includes(fn)) filling.push(fn);
      count += h.count;
      sampleIds.push(h.sampleId);
      if (!best || h.retainedSize > best.holder.retainedSize) best = { holder: h, fn };
    }
  }
  if (!best) return undefined;
  const { holder, fn } = best;
  const base: Confirmation = {
    by: 'snapshot',
    count,
    unit: holder.via === 'entry' ? 'entries' : count === 1 ? 'object' : 'objects',
    retainedSize: holder.retainedSize,
    path: holder.path ?? '',
    sampleIds: [...new Set(sampleIds)].slice(0, 10),
    line: fn.line,
    allocatedIn: { name: fn.name, file: fn.file, line: fn.line, column: fn.column },
  };
  if (leaks) {
    // A leak group corroborates it when its objects were allocated in one of those functions.
    const groups: number[] = [];
    leaks.forEach((g, i) => {
      const a = g.allocatedIn;
      const big = g.group.count >= (o.minGroupCount ?? 2) || g.group.retainedSize >= (o.minGroupBytes ?? 64 * 1024);
      if (big && a && a.file === file && filling.some((f) => f.line === a.line && f.column === a.column))
        groups.push(i);
    });
    // With leak groups given, every confirmation needs one (as for the other evidence).
    return groups.length ? { ...base, by: 'leak', leakGroups: groups } : undefined;
  }
  if (count < (o.minCount ?? 50) && holder.retainedSize < (o.minRetainedBytes ?? 1024 * 1024)) return undefined;
  return base;
}
