// Svelte: lifecycle functions called during component initialisation, and Svelte 5's effect rune.

/** Its callback runs once the component is mounted; the function it returns runs when it is destroyed. */
export const MOUNT_HOOKS = ['onMount'];

export const TEARDOWN_METHODS = ['onDestroy'];

/** Hooks whose callback runs when the component is destroyed. */
export const UNMOUNT_HOOKS = ['onDestroy'];

/** Svelte 5 runes that run their callback after render and call the function it returns before re-running or on destroy. */
export const EFFECT_HOOKS = ['$effect'];
