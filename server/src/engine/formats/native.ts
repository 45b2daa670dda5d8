import type { FormatAdapter } from './adapter';
import type { NativeSpec } from '../facts/model';
import { factSegments } from '../facts/model';
import { nativeEditing } from './editor';
import schema from '../../../../schemas/modeldeployment.schema.json';

export const NATIVE_API_VERSION = 'modelready.dev/v1alpha1';
export const NATIVE_KIND = 'ModelDeployment';

export const nativeFormat: FormatAdapter = {
  id: 'modeldeployment',
  label: 'ModelDeployment',
  matches: (apiVersion, kind) => kind === NATIVE_KIND && apiVersion.startsWith('modelready.dev/'),
  schemaFor: () => schema as Record<string, unknown>,
  extract(doc, value, uri) {
    const spec = value as NativeSpec;
    const metadata = spec.metadata ?? {};
    // The native manifest is the facts' own shape: a fact path is its source path.
    const sourcePath = factSegments;
    return {
      units: [
        {
          uri,
          format: 'modeldeployment',
          kind: NATIVE_KIND,
          name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)',
          doc,
          spec,
          isModelServer: true,
          declaration: true,
          annotations: metadata.annotations ?? {},
          sourcePath,
          ...nativeEditing(doc, sourcePath),
        },
      ],
      resources: [],
    };
  },
};
