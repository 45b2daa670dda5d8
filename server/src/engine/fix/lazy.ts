import type { Fix, TextEdit } from '../types';

/** A fix as a rule states it: its edits are a function, called when a client asks for the fix. */
export type LazyFixInit = Omit<Fix, 'edits'> & { edits: () => TextEdit[] };

/**
 * A fix whose edits are computed on the first read of `edits`, and only once. Most findings are never fixed (the
 * CLI without --fix, the editor until the user asks for code actions on one diagnostic), and building edits
 * (indentation scans, YAML stringify) costs more than judging. Title and preferredness stay eager: the report's
 * fixable count and the CLI's lean findings need only those.
 *
 * A class, not an object literal with a getter: one of those is created for every finding, and literals with
 * accessors are an order of magnitude slower to create. The getter lives on the prototype, so spreading a lazy fix
 * (`{ ...fix }`) loses its edits: derive one with `mapEdits`. The computation is a private field, so a structured
 * clone carries no function (the CLI sends lean findings between threads anyway).
 */
class LazyFix implements Fix {
  readonly title: string;
  declare isPreferred?: boolean;
  declare snippet?: boolean;
  #compute: (() => TextEdit[]) | undefined;
  #edits: TextEdit[] | undefined;

  constructor(init: LazyFixInit) {
    this.title = init.title;
    // Only the keys the rule gave, as the plain fixes they replace.
    if (init.isPreferred !== undefined) this.isPreferred = init.isPreferred;
    if (init.snippet !== undefined) this.snippet = init.snippet;
    this.#compute = init.edits;
  }

  get pending(): boolean {
    return this.#compute !== undefined;
  }

  get edits(): TextEdit[] {
    if (this.#compute) {
      this.#edits = this.#compute();
      // Computed once; what it closed over (the unit, the workspace) is no longer held.
      this.#compute = undefined;
    }
    return this.#edits!;
  }
}

/**
 * A fix whose edits are computed when first read. The edits must not be empty when the fix is offered: a rule whose
 * fix may have none offers a plan (`unit.plan`, fix/edits.ts `plan*`), which knows that before writing anything
 * (rules/support/fixes.ts `fixesFor`).
 */
export function lazyFix(init: LazyFixInit): Fix {
  return new LazyFix(init);
}

/** Whether the edits of `fix` are still to be computed. */
export function editsPending(fix: Fix): boolean {
  return fix instanceof LazyFix && fix.pending;
}

/**
 * `fix` with each edit mapped by `map`: still computed on first read when it was not yet. Edits at hand are mapped
 * at once (cheap), so a finding moved on every edit of its document does not hold a growing chain of wrappers.
 */
export function mapEdits(fix: Fix, map: (edit: TextEdit) => TextEdit): Fix {
  if (!editsPending(fix)) return { ...fix, edits: fix.edits.map(map) };
  const { title, isPreferred, snippet } = fix;
  return new LazyFix({ title, isPreferred, snippet, edits: () => fix.edits.map(map) });
}
