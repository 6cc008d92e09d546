// One vocabulary of lifecycle names across frameworks: where a class or component releases what it holds,
// and which methods run again and again. The rules read these lists, never their own copies.
import * as angular from './angular';
import * as react from './react';
import * as svelte from './svelte';
import * as vue from './vue';
import * as webComponents from './webComponents';

/** Framework-free names of a method that releases an object's resources. */
const DISPOSE_METHODS = [
  'dispose',
  'destroy',
  'close',
  'teardown',
  'cleanup',
  'stop',
  'unmount',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
  'disconnect',
  'detach',
  'onUnmount',
];

/** Every method (of any framework, or none) that releases what a class holds. */
export const TEARDOWN_METHODS = [
  ...react.TEARDOWN_METHODS,
  ...angular.TEARDOWN_METHODS,
  ...webComponents.TEARDOWN_METHODS,
  ...vue.TEARDOWN_METHODS,
  ...svelte.TEARDOWN_METHODS,
  ...DISPOSE_METHODS,
];

/** Hooks whose callback runs once when a component mounts (Vue, Svelte). */
export const MOUNT_HOOKS = [...vue.MOUNT_HOOKS, ...svelte.MOUNT_HOOKS];

/** Hooks whose callback runs when a component unmounts (Vue `onUnmounted`, Svelte `onDestroy`): teardown. */
export const UNMOUNT_HOOKS = [...vue.UNMOUNT_HOOKS, ...svelte.UNMOUNT_HOOKS];

/** Calls whose callback may return a cleanup that runs on teardown (React effects, Svelte's onMount and $effect). */
export const CLEANUP_RETURNING_HOOKS = [...react.EFFECT_HOOKS, ...svelte.MOUNT_HOOKS, ...svelte.EFFECT_HOOKS];

/** Class methods a framework (or an event system) calls again and again: mount, update, render, handlers. */
export const REPEATED_METHODS = [
  ...react.LIFECYCLE_METHODS,
  ...angular.LIFECYCLE_METHODS,
  ...webComponents.LIFECYCLE_METHODS,
  ...vue.LIFECYCLE_METHODS,
  /handle\w*/,
  /on[A-Z]\w*/,
];

/** Methods a framework calls once per instance, right after creating it: setup that is as good as a constructor. */
export const ONCE_PER_INSTANCE = [
  'componentDidMount',
  'componentWillMount',
  'UNSAFE_componentWillMount',
  'ngOnInit',
  'ngAfterViewInit',
  'ngAfterContentInit',
  'mounted',
  'created',
  'beforeMount',
  'beforeCreate',
  'firstUpdated',
  'setup',
];
