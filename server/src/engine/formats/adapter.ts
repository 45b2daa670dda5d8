import type { DeploymentUnit, FormatId, KubeResource } from '../facts/model';
import type { YamlDocument } from '../parse/yaml';
import type { JsonSchema, SchemaCheckOptions } from '../schema/validate';

export interface Extracted {
  units: DeploymentUnit[];
  resources: KubeResource[];
}

/** One format: recognises its documents, names their schema, and fills the facts rules read. */
export interface FormatAdapter {
  id: FormatId;
  /** Human name for messages and the report. */
  label: string;
  matches(apiVersion: string, kind: string): boolean;
  /**
   * For documents without `apiVersion`/`kind` (a Helm chart's values): whether the document's shape is this
   * format's. It is then recognised with empty `apiVersion` and `kind`.
   */
  matchesShape?(value: Record<string, unknown>): boolean;
  /** Schema of a recognised document, or undefined for a kind the format knows but does not validate. */
  schemaFor(apiVersion: string, kind: string): JsonSchema | undefined;
  schemaOptions?: SchemaCheckOptions;
  extract(doc: YamlDocument, value: Record<string, unknown>, uri: string): Extracted;
}
