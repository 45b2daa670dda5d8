import type { Fix } from '../../types';

/**
 * The fixes of a finding about a fact: `fix` when the unit's format can state the fact (its edits are not empty),
 * else none. A workload cannot state facts that no annotation carries (they belong in a linked manifest).
 */
export function fixesFor(...fixes: Fix[]): Fix[] {
  return fixes.filter((f) => f.edits.length > 0);
}

/**
 * A fix that is applied as is (`isPreferred`, so fix-all takes it) when its edits are complete and `safe`, or offered
 * as a snippet to complete when they hold placeholders (a port nothing states) or it is not safe to apply blindly.
 */
export function preferredOrSnippet(fix: Fix, safe = true): Fix {
  const placeholders = fix.edits.some((e) => /\$\{\d+:/.test(e.newText));
  return placeholders || !safe ? { ...fix, snippet: true } : { ...fix, isPreferred: true };
}
