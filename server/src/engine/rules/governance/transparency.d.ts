declare const _default: import("../define").Rule<{
    categories: string[];
}>;
export default _default;
