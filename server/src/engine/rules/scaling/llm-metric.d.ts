interface Options extends Record<string, unknown> {
    /** Metric types that do not follow the load of an LLM server. */
    ineffectiveMetrics: string[];
}
declare const _default: import("../define").Rule<Options>;
export default _default;
