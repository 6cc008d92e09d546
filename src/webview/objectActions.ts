// What can be done with an object shown as a row outside the view's own selection (a retainer, a closure's
// variable, a step of a path): inspect it in the details pane, or reveal it in the Summary.
import type { NodeRow } from '../service/protocol';
import type { MenuItem } from './contextMenu';
import type { AppContext } from './context';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
export const INSPECT_HINT = isMac ? '⌘Enter' : 'Ctrl+Enter';

export function objectMenu(ctx: AppContext, node: NodeRow, snapshot: string): MenuItem[] {
  return [
    { label: 'Inspect this object', hint: INSPECT_HINT, run: () => ctx.inspect(node, snapshot) },
    {
      label: 'Reveal in Summary',
      // The Summary lists the main snapshot (a compared or triaged one has no Summary of its own here).
      disabled: snapshot !== ctx.main(),
      run: () => ctx.revealInSummary(node, snapshot),
    },
  ];
}
