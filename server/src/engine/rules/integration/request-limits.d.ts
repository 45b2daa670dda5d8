declare const _default: import("../define").Rule<Record<string, unknown>>;
export default _default;
