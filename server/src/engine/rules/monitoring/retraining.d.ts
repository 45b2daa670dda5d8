declare const _default: import("../define").Rule<{
    requireHumanApproval: boolean;
}>;
export default _default;
