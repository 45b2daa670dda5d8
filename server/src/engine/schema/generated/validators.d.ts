// Types of validators.js, which scripts/schemas/standalone.mjs generates at build time (not committed).
import type { ErrorObject, Options } from 'ajv';

/** A standalone ajv validator: `errors` holds the last call's errors (verbose: with `parentSchema` and `data`). */
export type StandaloneValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The validator of a shipped schema object (the JSON module an adapter imports), or undefined for any other (or if
 * its group's module cannot be loaded). Loads the group's module on first use.
 */
export declare function precompiled(source: object): StandaloneValidator | undefined;
/** The groups: validators-<group>.js beside validators.js (generated/, or dist/ in a bundle). */
export declare const groups: string[];
/** The ajv options, annotation-only formats and shared-definitions id the validators were compiled with. */
export declare const ajvOptions: Options;
export declare const annotationFormats: string[];
export declare const sharedId: string;
/** Hash of the generator, ajv's version and every schema it compiled (scripts/schemas/standalone.mjs `inputsHash`). */
export declare const inputsHash: string;
