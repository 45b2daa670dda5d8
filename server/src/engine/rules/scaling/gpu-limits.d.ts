interface Options extends Record<string, unknown> {
    /** Runtimes that need an accelerator (a GPU server without one fails to start or crawls on CPU). */
    gpuRuntimes: string[];
}
declare const _default: import("../define").Rule<Options>;
export default _default;
