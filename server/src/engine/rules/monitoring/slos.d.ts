import type { NativeSpec } from '../../facts/model';
type Slo = NonNullable<NonNullable<NativeSpec['monitoring']>['slos']>[number];
type Kind = 'latency' | 'availability' | 'error-rate';
/** The kind an SLO covers: by `indicator`, or by its name when `indicator` is missing. */
export declare function sloKind(slo: Slo): Kind | undefined;
declare const _default: import("../define").Rule<{
    required: string[];
}>;
export default _default;
