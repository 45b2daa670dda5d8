import type { Config } from '../config/config';
import { effectiveSeverity, ruleOptions } from '../config/config';
import type { Finding } from '../types';
import type { FormatId } from '../vocabulary';
import type { Rule } from './define';

/** A rule that is on for a format under a configuration, with its severity and options there. */
export interface ActiveRule {
  rule: Rule;
  severity: Finding['severity'];
  options: Record<string, unknown>;
}

/** Per configuration and rule list, per format, the rules that run (every unit of a run asks; most share a format). */
const cache = new WeakMap<Config, WeakMap<readonly Rule[], Map<FormatId, readonly ActiveRule[]>>>();

/** The rules of `rules` that judge units of `format` under `config` (the checker runs them; the score counts them). */
export function activeRules(config: Config, rules: readonly Rule[], format: FormatId): readonly ActiveRule[] {
  let byRules = cache.get(config);
  if (!byRules) cache.set(config, (byRules = new WeakMap()));
  let byFormat = byRules.get(rules);
  if (!byFormat) byRules.set(rules, (byFormat = new Map()));
  let list = byFormat.get(format);
  if (!list) {
    const active: ActiveRule[] = [];
    for (const rule of rules) {
      const severity = effectiveSeverity(rule.meta, config);
      if (severity !== 'off' && rule.meta.formats.includes(format)) active.push({ rule, severity, options: ruleOptions(rule.meta, config) });
    }
    byFormat.set(format, (list = active));
  }
  return list;
}
