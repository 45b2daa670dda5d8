/** At most the first 4 characters, never the whole secret. */
export declare function preview(secret: string): string;
declare const _default: import("../define").Rule<Record<string, unknown>>;
export default _default;
