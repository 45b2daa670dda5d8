import type { Rule } from '../define';
import auth from './auth';
import portConsistency from './port-consistency';
import protocol from './protocol';
import requestLimits from './request-limits';
import tls from './tls';

/** The integration rules, sorted by id. */
export const INTEGRATION_RULES: readonly Rule[] = [auth, portConsistency, protocol, requestLimits, tls];
