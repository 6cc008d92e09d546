// Svelte: lifecycle functions called during component initialisation.

export const MOUNT_HOOKS = ['onMount'];

export const TEARDOWN_METHODS = ['onDestroy'];
