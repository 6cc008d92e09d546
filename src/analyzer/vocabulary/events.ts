// Events and lifecycles seen from the listener's side: which events may never fire (so a `once` or a
// self-removing handler for them is not released on the normal path), which setup methods have a paired
// teardown, and the shapes of registration helpers that wrap addEventListener/on.

/**
 * Events that fire at most once, at the end of their target's life, and often never (a signal that is never
 * aborted, a socket that stays open). A handler for them that releases itself only when they fire stays
 * registered for as long as the target lives.
 */
export const TERMINAL_EVENTS = [
  'abort',
  'close',
  'end',
  'error',
  'exit',
  'disconnect',
  'disconnected',
  'destroy',
  'destroyed',
  'dispose',
  'disposed',
  'timeout',
  'finish',
  'unload',
  'beforeunload',
  'pagehide',
];

/** Setup methods and the teardown that undoes them: arguments handed to the first outlive the object. */
export const SETUP_TEARDOWN_PAIRS: readonly [string, string][] = [
  ['onAdd', 'onRemove'],
  ['addTo', 'remove'],
  ['attach', 'detach'],
  ['attachTo', 'detach'],
  ['mount', 'unmount'],
  ['bind', 'unbind'],
  ['init', 'destroy'],
  ['initialize', 'destroy'],
  ['connect', 'disconnect'],
  ['enable', 'disable'],
  ['install', 'uninstall'],
  ['activate', 'deactivate'],
  ['setup', 'teardown'],
  ['start', 'stop'],
  ['open', 'close'],
  ['link', 'unlink'],
  ['register', 'unregister'],
  ['subscribe', 'unsubscribe'],
  ['listen', 'unlisten'],
];

/** Helpers that add a listener given (target, type, handler): Leaflet's DomEvent.on, video.js Events.on, goog.events.listen. */
export const WRAPPER_ADDERS = ['on', 'addListener', 'addEventListener', 'listen', 'bind', 'addDomListener', 'addEvent'];

/** Their removals. */
export const WRAPPER_REMOVERS = [
  'off',
  'removeListener',
  'removeEventListener',
  'unlisten',
  'unbind',
  'removeDomListener',
  'removeEvent',
];

/** `addAbortListener(signal, listener)` (node:events, and libraries' copies): returns a Disposable. */
export const ABORT_LISTENER_HELPERS = ['addAbortListener'];

/** Names of an AbortSignal (a caller's signal is often shared by many operations and lives long). */
export const SIGNAL_NAMES = [/\w*[sS]ignal/];

/**
 * Properties of a request or context that lead to its connection: with keep-alive a socket serves many
 * requests, so it outlives each of them.
 */
export const CONNECTION_PROPERTIES = ['socket', 'connection'];

/** Properties of any DOM node that lead to objects living as long as the page. */
export const PAGE_PROPERTIES = ['ownerDocument', 'defaultView', 'documentElement'];
