export { formatText } from './text';
export type { TextOptions } from './text';
export { formatJson } from './json';
export { formatSarif } from './sarif';
export { formatJunit } from './junit';
export { formatGithub, escapeData, escapeProperty } from './github';
export { formatMarkdown } from './markdown';
export { formatHtml } from './html';
export { escapeHtml, escapeXml, escapeMarkdown } from './escape';
