// The DOM: element types, queries that return elements already in the page, and observers.

/** Types whose values are objects (DOM nodes, events, and the platform's other object types). */
export const OBJECT_TYPES = [
  'HTMLElement',
  'Element',
  'Node',
  /HTML\w*Element/,
  /SVG\w*Element/,
  'Document',
  'Window',
  'EventTarget',
  'Event',
];

/** Queries that return elements of the existing page (which outlive the code that found them). */
export const PAGE_QUERIES = ['querySelector', 'querySelectorAll', 'getElementById', /getElementsBy\w+/, 'closest'];

export const OBSERVERS = [
  'ResizeObserver',
  'IntersectionObserver',
  'MutationObserver',
  'PerformanceObserver',
  'ReportingObserver',
];
