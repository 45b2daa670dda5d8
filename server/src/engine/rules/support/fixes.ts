import type { Fix } from '../../types';

/**
 * The fixes of a finding about a fact: `fix` when the unit's format can state the fact (its edits are not empty),
 * else none. A workload cannot state facts that no annotation carries (they belong in a linked manifest).
 */
export function fixesFor(...fixes: Fix[]): Fix[] {
  return fixes.filter((f) => f.edits.length > 0);
}
