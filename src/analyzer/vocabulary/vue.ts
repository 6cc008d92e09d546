// Vue: composition-API mount hooks, options-API lifecycle, and the component instance's own members.

export const MOUNT_HOOKS = ['onMounted', 'onBeforeMount'];

export const LIFECYCLE_METHODS = ['mounted', 'created', 'beforeMount'];

export const TEARDOWN_METHODS = ['unmounted', 'beforeUnmount', 'destroyed', 'beforeDestroy'];

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
