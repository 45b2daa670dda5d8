import type { DeploymentUnit, FactPath, NativeSpec } from '../../facts/model';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { RelatedLocation, TextEdit } from '../../types';
/**
 * Small helpers shared by the scaling and integration rules (not rules themselves).
 */
/** Parses a Kubernetes quantity (`500m`, `8`, `32Gi`, `2G`, `1e3`) into a number; undefined when invalid. */
export declare function parseQuantity(q: unknown): number | undefined;
/** Whether a value was stated (not undefined, not null). */
export declare function stated(v: unknown): boolean;
/** A positive integer or undefined. */
export declare function count(v: unknown): number | undefined;
/** The most replicas the deployment may run: the larger of `minReplicas` (default 1) and `maxReplicas`. */
export declare function replicaCeiling(spec: NativeSpec): number;
/**
 * Merges insertions computed one key at a time (`insertAtPath` for each missing key of the same mapping)
 * into one edit per position, so a fix that adds several keys does not produce overlapping edits.
 */
export declare function mergeInserts(edits: readonly TextEdit[]): TextEdit[];
/** Runtimes that are LLM servers (text generation on accelerators). */
export declare const LLM_RUNTIMES: ReadonlySet<string>;
/** Tasks whose requests produce tokens, so output-token limits and LLM autoscaling metrics apply. */
export declare const GENERATIVE_TASKS: ReadonlySet<string>;
/** Whether the deployment serves a generative model: by its task when stated, else by its runtime. */
export declare function isGenerative(spec: NativeSpec): boolean;
/** Source path segments of a native fact path. */
export declare function segments(path: FactPath): PathSegment[];
/** A related location on another fact of the same unit. */
export declare function relatedAt(unit: DeploymentUnit, path: FactPath, message: string): RelatedLocation;
/** The source text to write for a quantity or number (a YAML scalar). */
export declare function scalarText(v: unknown): string;
/** Display name of a runtime in messages. */
export declare function runtimeName(runtime: string | undefined): string;
/**
 * Adds `key: template` entries under the mapping at `parent`: one edit into the mapping when it exists (even
 * empty or null), else the whole mapping with its entries. A template is a YAML scalar or a block mapping text.
 */
export declare function insertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): TextEdit[];
