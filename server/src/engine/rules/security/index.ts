import type { Rule } from '../define';
import hostNamespaces from './host-namespaces';
import inlineSecret from './inline-secret';
import networkPolicy from './network-policy';
import nonRoot from './non-root';
import trustRemoteCode from './trust-remote-code';

/** The security rules, sorted by id. */
export const SECURITY_RULES: readonly Rule[] = [hostNamespaces, inlineSecret, networkPolicy, nonRoot, trustRemoteCode];
