// Custom elements (and Lit, FAST): base classes, lifecycle callbacks, and the element's own roots.

export const ELEMENT_BASES = ['HTMLElement', 'LitElement', 'ReactiveElement', 'FASTElement'];

/** Methods that mark a class as a custom element. */
export const ELEMENT_METHODS = ['connectedCallback'];

export const LIFECYCLE_METHODS = ['connectedCallback', 'firstUpdated', 'updated'];

export const TEARDOWN_METHODS = ['disconnectedCallback'];

/** Fields of an element that belong to it (they die with it). */
export const OWN_ROOTS = ['shadowRoot', 'renderRoot'];
