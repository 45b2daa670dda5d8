import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The real-world corpus the tests run on (a copy of the shared upstream corpus; see its SOURCES.md). */
export const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'corpus');

/** Every *.yaml / *.yml file under `dir`, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? yamlFilesUnder(full) : /\.ya?ml$/.test(name) ? [full] : [];
    })
    .sort();
}
