// Angular: decorators that make a class part of the DI graph, its lifecycle hooks, and the injectables that
// belong to one component rather than to the app.

export const DECORATORS = ['Component', 'Directive', 'Injectable', 'Pipe'];

/** Methods that mark a class as an Angular component or directive. */
export const COMPONENT_METHODS = ['ngOnInit', 'ngOnDestroy'];

export const LIFECYCLE_METHODS = ['ngOnInit', 'ngOnChanges', 'ngAfterViewInit'];

export const TEARDOWN_METHODS = ['ngOnDestroy'];

/** Injectables that belong to the component itself (die with it) rather than to the app. */
export const LOCAL_INJECTED_TYPES = [
  'ElementRef',
  'Renderer2',
  'ChangeDetectorRef',
  'ViewContainerRef',
  'ActivatedRoute',
  'NgZone',
  'Injector',
  'DestroyRef',
  'FormBuilder',
];

/** The host element of a component (`elementRef.nativeElement`). */
export const HOST_ELEMENT_FIELD = 'nativeElement';
