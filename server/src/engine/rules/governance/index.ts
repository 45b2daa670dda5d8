import type { Rule } from '../define';
import dpia from './dpia';
import fairnessEvaluation from './fairness-evaluation';
import humanOversight from './human-oversight';
import lawfulBasis from './lawful-basis';
import logRedaction from './log-redaction';
import modelLicense from './model-license';
import owner from './owner';
import personalData from './personal-data';
import retention from './retention';
import riskCategory from './risk-category';
import transfers from './transfers';
import transparency from './transparency';

/** The governance rules, sorted by id. */
export const GOVERNANCE_RULES: readonly Rule[] = [
  dpia,
  fairnessEvaluation,
  humanOversight,
  lawfulBasis,
  logRedaction,
  modelLicense,
  owner,
  personalData,
  retention,
  riskCategory,
  transfers,
  transparency,
];
