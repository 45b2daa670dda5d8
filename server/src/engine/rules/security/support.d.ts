import type { DeploymentUnit, FactPath } from '../../facts/model';
import type { Range, TextEdit } from '../../types';
/**
 * Helpers shared by the security rules (not rules themselves).
 */
/** Range of a whole `key: value` pair at a fact path (for fixes that replace the key too), or undefined. */
export declare function pairRange(unit: DeploymentUnit, path: FactPath): Range | undefined;
/** Whether the model weights are pinned to an immutable version: a full commit hash or a content digest. */
export declare function revisionPinned(unit: DeploymentUnit): boolean;
/** Whether a command-line flag is switched on in an argument list (`--flag`, `--flag=true`, `--flag true`). */
export declare function flagIndex(args: readonly unknown[] | undefined, flag: string): number;
/**
 * Edits that give the key at `path` the YAML text `text`: replaces its value when the key is there (also when
 * its value is empty, as in `key:`), else inserts the key, creating missing parents.
 */
export declare function setValue(unit: DeploymentUnit, path: FactPath, text: string): TextEdit[];
