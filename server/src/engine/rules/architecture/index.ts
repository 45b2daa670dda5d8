import type { Rule } from '../define';
import gpuNodePlacement from './gpu-node-placement';
import implementationDrift from './implementation-drift';
import residencyRegions from './residency-regions';
import targetDeclared from './target-declared';

/** The architecture rules, sorted by id. */
export const ARCHITECTURE_RULES: readonly Rule[] = [gpuNodePlacement, implementationDrift, residencyRegions, targetDeclared];
