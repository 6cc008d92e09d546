// RxJS: operators and methods that derive a new observable from a source (subscribing to the result
// subscribes to the source, so its lifetime is the source's).

export const DERIVING_OPERATORS = [
  'pipe',
  'asObservable',
  'select',
  'filter',
  'map',
  'debounceTime',
  'throttleTime',
  'distinctUntilChanged',
  'skip',
  'share',
  'shareReplay',
  'startWith',
  'pluck',
];
