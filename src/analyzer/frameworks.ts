// Names the framework lifecycle around a piece of code, so messages can say where to release things.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  classMemberOf,
  enclosingClass,
  functionName,
  isFunction,
  keyName,
  valueParent,
  type FunctionNode,
  type Node,
} from './ast';
import { isComponentOrHook } from './lifetimes';
import type { FileModel } from './model';
import { enclosingOwnerMethod, pairedTeardown } from './owners';
import * as angular from './vocabulary/angular';
import * as lifecycle from './vocabulary/lifecycle';
import * as react from './vocabulary/react';
import * as svelte from './vocabulary/svelte';
import * as webComponents from './vocabulary/webComponents';

const EFFECT_HOOKS = new Set([...react.EFFECT_HOOKS, ...svelte.EFFECT_HOOKS]);
const MOUNT_HOOKS = new Set(lifecycle.MOUNT_HOOKS);
const TEARDOWN_METHODS = new Set(lifecycle.TEARDOWN_METHODS);

/** The effect callback (`useEffect(() => ...)`, Svelte's `$effect(() => ...)`) that contains `node`, if any. */
export function enclosingEffect(node: Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunction(n)) continue;
    const { parent, child } = valueParent(n);
    if (
      parent?.type === T.CallExpression &&
      parent.arguments[0] === child &&
      EFFECT_HOOKS.has(calleeName(parent) ?? '')
    )
      return n;
  }
  return undefined;
}

function enclosingMountHook(node: Node): TSESTree.CallExpression | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunction(n)) continue;
    const { parent, child } = valueParent(n);
    if (parent?.type === T.CallExpression && parent.arguments[0] === child && MOUNT_HOOKS.has(calleeName(parent) ?? ''))
      return parent;
  }
  return undefined;
}

function classKind(
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): 'react' | 'angular' | 'element' | 'plain' {
  const sup = cls.superClass;
  const supText =
    sup?.type === T.Identifier
      ? sup.name
      : sup?.type === T.MemberExpression && sup.property.type === T.Identifier
        ? sup.property.name
        : '';
  if (react.COMPONENT_BASES.includes(supText)) return 'react';
  if (webComponents.ELEMENT_BASES.includes(supText) || /Element$/.test(supText)) return 'element';
  const decorated = (cls.decorators ?? []).some(
    (d) => d.expression.type === T.CallExpression && angular.DECORATORS.includes(calleeName(d.expression) ?? ''),
  );
  if (decorated) return 'angular';
  const names = cls.body.body.map((el) => (el.type === T.MethodDefinition ? keyName(el.key, el.computed) : undefined));
  const has = (methods: string[]): boolean => methods.some((name) => names.includes(name));
  if (has(angular.COMPONENT_METHODS)) return 'angular';
  if (has(react.COMPONENT_METHODS)) return 'react';
  if (has(webComponents.ELEMENT_METHODS)) return 'element';
  return 'plain';
}

/** Where releasing code belongs for `node`, in the words of its framework. */
export function teardownHint(m: FileModel, node: Node): string {
  if (enclosingEffect(node)) return 'the cleanup function the effect returns';
  const mount = enclosingMountHook(node);
  if (mount) return calleeName(mount) === 'onMount' ? 'the function onMount returns (or onDestroy)' : 'onUnmounted()';
  const owned = enclosingOwnerMethod(m, node);
  if (owned && owned.owner.kind !== 'class') {
    const pair = pairedTeardown(owned.name);
    const name = owned.owner.teardowns.find((t) => t.replace(/^[_#$]+/, '') === pair) ?? owned.owner.teardowns[0];
    if (name) return `${name}()`;
    // An options-API component without an unmount hook yet.
    if (owned.owner.component && owned.owner.kind === 'object') return 'beforeUnmount() (beforeDestroy() in Vue 2)';
  }
  const cls = enclosingClass(node);
  if (cls) {
    const existing = existingTeardown(cls);
    if (existing) return `${existing}()`;
    switch (classKind(cls)) {
      case 'react':
        return 'componentWillUnmount()';
      case 'angular':
        return 'ngOnDestroy()';
      case 'element':
        return 'disconnectedCallback()';
      default:
        return 'a dispose()/destroy() method';
    }
  }
  if (inInstance(m, node)) return m.component!.kind === 'vue' ? 'onUnmounted()' : 'onDestroy()';
  return 'the matching teardown';
}

export function existingTeardown(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | undefined {
  for (const el of cls.body.body) {
    if (el.type !== T.MethodDefinition && el.type !== T.PropertyDefinition) continue;
    const name = keyName(el.key, el.computed);
    if (name && TEARDOWN_METHODS.has(name)) return name;
  }
  return undefined;
}

/** "the Chart component", "componentDidMount()", "this effect", "handle()": what runs repeatedly. */
export function describeRunner(m: FileModel, node: Node): string {
  if (enclosingEffect(node)) return 'the effect';
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunction(n)) continue;
    const member = classMemberOf(n);
    if (member) {
      const name = keyName(member.key, member.computed);
      return name === 'constructor' ? 'the constructor' : `${name ?? 'this method'}()`;
    }
    if (isComponentOrHook(m, n))
      return `${/^use/.test(functionName(n) ?? '') ? 'the hook' : 'the component'} ${functionName(n)}`;
    const name = functionName(n);
    if (name) return `${name}()`;
    const { parent } = valueParent(n);
    if (parent?.type === T.CallExpression) return `the ${calleeName(parent) ?? ''} callback`.replace('the  ', 'the ');
    return 'this function';
  }
  return 'this code';
}

/** Is `node` in the code a Vue `<script setup>` or Svelte instance script runs per component instance? */
export function inInstance(m: FileModel, node: Node): boolean {
  const instance = m.component?.instance;
  if (!instance) return false;
  for (let n = node.parent; n; n = n.parent) if (n === instance) return true;
  return false;
}
