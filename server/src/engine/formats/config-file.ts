import type { FormatAdapter } from './adapter';
import schema from '../../../../schemas/modelready-config.schema.json';

/** `.modelready.yaml` itself: recognised by its file name, validated by its own schema; it has no facts. */
export const configFileFormat: FormatAdapter = {
  id: 'modeldeployment',
  label: 'ModelReady configuration',
  matches: () => false,
  schemaFor: () => schema as Record<string, unknown>,
  extract: () => ({ units: [], resources: [] }),
};

export function isConfigFile(uri: string): boolean {
  return /(^|[/\\])\.modelready\.ya?ml$/.test(uri);
}
