// "What do these mean?": the explorer's notation in one panel, opened from the top bar's help button (or F1 in
// the page). Every term a newcomer meets in the views, explained where they meet it.
import { el, icon } from './dom';

const TERMS: [term: string, meaning: string][] = [
  [
    'Distance',
    'How many references the shortest path from a GC root takes to reach the object. "–": only V8\'s own roots reach it, or nothing does (it is about to be collected).',
  ],
  ['Shallow Size', 'The bytes the object itself takes.'],
  [
    'Retained Size',
    'The bytes freed if the object were collected: itself and everything only it keeps alive (the objects it dominates).',
  ],
  ['% of total', "The retained size as a share of the whole heap's size."],
  [
    'GC root',
    'Where the garbage collector starts: the global object, the stack, handles. A chain that ends here keeps the object alive.',
  ],
  [
    '@12345',
    "The object's id in the snapshot. Ids stay the same across snapshots of one process, which is how Compare matches objects.",
  ],
  ['(variable)', 'A variable of a closure scope: `leakyCache (variable)` is the name in your code.'],
  ['(property), (element)', 'A property (`obj.name`) or an array element (`[3]`).'],
  [
    '(internal)',
    "A reference V8 keeps for its own bookkeeping, not a name in your code: a function's `context` (its scope), a Map's `table` (its entries), an array's backing store.",
  ],
  [
    '(hidden), (shortcut)',
    'References V8 or the embedder adds (e.g. from a wrapper to its native object); they still retain.',
  ],
  [
    '{context}, {table}',
    'The same internal references as written in paths and leak groups: `buildReport{context}->reportCache` is the scope of buildReport holding the variable reportCache.',
  ],
  [
    'system / Context',
    "The object V8 keeps a scope's captured variables in. Every closure made in that scope points at the whole context, so one closure keeps alive what its siblings captured.",
  ],
  [
    'dead',
    'A variable a closure context keeps alive that no live closure uses any more (often a large value only a sibling needed): set it to null after use, or move it into the function that needs it.',
  ],
  [
    'Inspect this object',
    'On a retainer, a closure variable or a path step: double-click, Ctrl+Enter (⌘Enter) or the context menu. Back (Alt+←) returns. "Reveal in Summary" shows it among its class.',
  ],
];

export class HelpPanel {
  readonly button: HTMLButtonElement;
  readonly element: HTMLElement;

  constructor() {
    this.element = el(
      'section',
      { className: 'rl-help', role: 'dialog', attrs: { 'aria-label': 'What the explorer shows', tabindex: '-1' } },
      el(
        'div',
        { className: 'rl-help-header' },
        el('strong', {}, 'What the explorer shows'),
        el(
          'button',
          {
            className: 'rl-icon-button',
            title: 'Close (Escape)',
            attrs: { type: 'button', 'aria-label': 'Close the help' },
            onClick: () => this.toggle(false),
          },
          icon('close'),
        ),
      ),
      el('dl', {}, ...TERMS.flatMap(([term, meaning]) => [el('dt', {}, term), el('dd', {}, meaning)])),
    );
    this.element.hidden = true;
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.toggle(false);
      }
    });
    this.button = el(
      'button',
      {
        className: 'rl-icon-button rl-help-button',
        title: 'What do Distance, (internal), {context} and "dead" mean?',
        attrs: { type: 'button', 'aria-label': 'Help: what the explorer shows', 'aria-expanded': 'false' },
        onClick: () => this.toggle(),
      },
      icon('question'),
    );
  }

  toggle(show = this.element.hidden): void {
    this.element.hidden = !show;
    this.button.setAttribute('aria-expanded', String(show));
    if (show) this.element.focus();
    else this.button.focus();
  }
}
