import type { Fix, TextEdit } from '../types';

/** A fix as a rule states it: its edits are a function, called when a client asks for the fix. */
export type LazyFixInit = Omit<Fix, 'edits'> & { edits: () => TextEdit[] };

/**
 * A fix whose edits are computed on the first read of `edits`, and only once. Most findings are never fixed (the
 * CLI without --fix, the editor until the user asks for code actions on one diagnostic), and building edits
 * (indentation scans, YAML stringify) cost more than judging. Title and preferredness stay eager: the report's
 * fixable count and the CLI's lean findings need only those.
 *
 * The edits must not be empty when the fix is offered: a rule that offers a fix only when it has edits computes
 * them at once (support/fixes.ts `fixesFor`). `edits` is an own getter, so spreading or cloning a fix computes its
 * edits (correct, only early): `mapEdits` derives a fix that stays lazy.
 */
export function lazyFix(init: LazyFixInit): Fix {
  const { edits: compute, ...fields } = init;
  let edits: TextEdit[] | undefined;
  return {
    ...fields,
    get edits() {
      return (edits ??= compute());
    },
  };
}

/** `fix` with each edit mapped by `map`, still computed on first read. */
export function mapEdits(fix: Fix, map: (edit: TextEdit) => TextEdit): Fix {
  const { title, isPreferred, snippet } = fix;
  return lazyFix({ title, ...(isPreferred === undefined ? {} : { isPreferred }), ...(snippet === undefined ? {} : { snippet }), edits: () => fix.edits.map(map) });
}
