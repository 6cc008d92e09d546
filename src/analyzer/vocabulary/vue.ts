// Vue: composition-API mount hooks, options-API lifecycle, and the component instance's own members.

export const MOUNT_HOOKS = ['onMounted', 'onBeforeMount'];

/** Composition-API hooks whose callback runs when the component unmounts: where releases belong. */
export const UNMOUNT_HOOKS = ['onUnmounted', 'onBeforeUnmount'];

export const LIFECYCLE_METHODS = ['mounted', 'created', 'beforeMount'];

export const TEARDOWN_METHODS = ['unmounted', 'beforeUnmount', 'destroyed', 'beforeDestroy'];

/**
 * Watchers: each returns a stop handle. Created synchronously in setup() (or in a hook) they belong to the
 * component and stop when it unmounts; created later (after an `await` in setup(), in a timer or promise
 * callback) they belong to nothing and run until the handle is called.
 */
export const WATCHERS = ['watch', 'watchEffect', 'watchPostEffect', 'watchSyncEffect'];

/** Modules a watcher may be imported from (Vue 3, its runtime packages, Vue 2.7, vue-demi, Nuxt's auto-imports). */
export const WATCHER_MODULES = [
  'vue',
  '@vue/runtime-core',
  '@vue/runtime-dom',
  '@vue/composition-api',
  'vue-demi',
  '#imports',
];

/** Calls that run their callback with the component (or an effect scope) current, so watchers inside belong to it. */
export const OWNING_CALLS = [
  ...MOUNT_HOOKS,
  ...UNMOUNT_HOOKS,
  'onActivated',
  'onDeactivated',
  'onUpdated',
  'onBeforeUpdate',
  'run',
];

/** Keys of an options-API component object (`export default { data, mounted, … }`). */
export const OPTION_KEYS = [
  ...LIFECYCLE_METHODS,
  'beforeUnmount',
  'unmounted',
  'destroyed',
  'beforeDestroy',
  'data',
  'methods',
  'computed',
  'setup',
  'template',
  'render',
  'props',
  'watch',
  'components',
  'emits',
];

/** Types of a component instance. */
export const INSTANCE_TYPES = ['Vue', 'ComponentPublicInstance'];

/** Instance fields that belong to the component (they die with it). */
export const OWN_FIELDS = ['$el', '$refs'];

/** The instance event API's removal (`this.$off`). */
export const REMOVE_LISTENER = '$off';
