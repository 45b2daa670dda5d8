/** The version the CLI prints and the language server and reports announce (kept equal to package.json's by a test). */
export const VERSION = '0.1.0';
