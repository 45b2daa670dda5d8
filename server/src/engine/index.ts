export * from './types';
export * from './check';
export * from './config/config';
export { parseYaml } from './parse/yaml';
export type { YamlDocument, YamlFile, Limits } from './parse/yaml';
export { RULES, RULES_BY_ID } from './rules/registry';
export { BUILTIN_CODES } from './codes';
export { stripSnippets } from './fix/edits';
export { Workspace } from './workspace';
