declare const _default: import("../define").Rule<{
    commercialUse: boolean | null;
    nonCommercialLicenses: string[];
}>;
export default _default;
