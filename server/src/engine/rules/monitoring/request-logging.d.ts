/** Approximate length in days of an ISO 8601 duration (`P30D`, `P6M`, `P1Y`, `PT12H`), or undefined. */
export declare function durationDays(text: string | undefined): number | undefined;
declare const _default: import("../define").Rule<{
    highRiskMinRetention: string;
}>;
export default _default;
