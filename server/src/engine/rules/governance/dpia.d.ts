declare const _default: import("../define").Rule<{
    requireForAllPersonalData: boolean;
}>;
export default _default;
