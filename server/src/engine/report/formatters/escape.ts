/** Escaping for the formats the report is written in. Every string that may come from a manifest goes through one. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * XML 1.0 text and attribute values: the five entities, and characters XML cannot hold at all (C0 controls
 * other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD, so the document always parses.
 */
export function escapeXml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Markdown inline text: HTML-significant characters become entities (no raw HTML reaches a renderer) and
 * Markdown punctuation is backslash-escaped; newlines become spaces (a finding stays on its line / table cell).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[&<>"]/g, (c) => HTML[c])
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`);
}

/** Text in a Markdown code span: backticks cannot be escaped there, so they are replaced. */
export function markdownCode(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/\r\n?|\n/g, ' ')}\``;
}
