import { holdsPlaceholder } from '../../fix/edits';
import { lazyFix } from '../../fix/lazy';
import type { EditPlan, Fix, TextEdit } from '../../types';

/** A fix as a rule offers it: its edits written, or planned (`unit.plan`, written when a client asks for the fix). */
export type OfferedFix = Omit<Fix, 'edits'> & { edits: TextEdit[] | EditPlan | undefined };

/**
 * The fixes of a finding about a fact: each fix that has edits (a plan, or written edits that are not empty), else
 * none. A workload cannot state facts that no annotation carries (they belong in a linked manifest). Planned edits
 * become lazy fixes.
 */
export function fixesFor(...fixes: OfferedFix[]): Fix[] {
  const out: Fix[] = [];
  // No rest or spread: a rule offers these for every finding.
  for (const fix of fixes) {
    const edits = fix.edits;
    if (edits === undefined) continue;
    if (Array.isArray(edits)) {
      if (edits.length > 0) out.push(fix as Fix);
    } else out.push(lazyFix({ title: fix.title, isPreferred: fix.isPreferred, snippet: fix.snippet, edits: () => edits.edits() }));
  }
  return out;
}

/**
 * A fix that is applied as is (`isPreferred`, so fix-all takes it) when its edits are complete and `safe`, or offered
 * as a snippet to complete when they hold placeholders (a port nothing states) or it is not safe to apply blindly.
 */
export function preferredOrSnippet(fix: OfferedFix, safe = true): OfferedFix {
  const { edits } = fix;
  const placeholders = Array.isArray(edits) ? edits.some((e) => holdsPlaceholder(e.newText)) : (edits?.placeholders() ?? false);
  return placeholders || !safe ? { ...fix, snippet: true } : { ...fix, isPreferred: true };
}
