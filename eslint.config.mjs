import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ENGINE_PURITY = {
  paths: ['vscode', 'fs', 'child_process', 'worker_threads', 'path', 'os'].map((name) => ({ name, message: 'The engine is pure: no editor, file system or process.' })),
  patterns: [
    { group: ['node:*'], message: 'The engine is pure: Node built-ins belong in server/src/node or server/src/cli.' },
    { group: ['vscode-languageserver*', 'vscode-languageclient*'], message: 'The engine has no LSP types: map in server/src/lsp.' },
    { group: ['**/lsp/**', '**/lsp', '**/node/**', '**/cli/**', '**/client/**'], message: 'The engine never imports the layers above it.' },
  ],
};

const RULE_AREAS = ['architecture', 'reliability', 'scaling', 'integration', 'security', 'governance', 'monitoring'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'server/src/engine/schema/generated/*.js', 'node_modules/**', 'test-results/**', 'test/e2e/workspace/**', 'bench/.work/**', 'packages/cli/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The engine is pure: no editor, protocol, file system or process. The language server, the CLI and the tests call
  // it; it never calls them.
  { files: ['server/src/engine/**/*.ts'], ignores: ['server/src/engine/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', ENGINE_PURITY] } },
  // Rule areas do not reach into each other's helpers: what several areas share lives in rules/support/. (Flat config
  // replaces a rule's options per file, so the purity restrictions are repeated here.)
  {
    files: ['server/src/engine/rules/*/**/*.ts'],
    ignores: ['server/src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...ENGINE_PURITY,
          patterns: [
            ...ENGINE_PURITY.patterns,
            { group: RULE_AREAS.map((area) => `../${area}/*`), message: 'A rule area imports only its own helpers and rules/support/: move what areas share to rules/support/.' },
          ],
        },
      ],
    },
  },
);
