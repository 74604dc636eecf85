// Text made safe for markup: HTML and SVG (element content and attribute values) and Markdown.
// One rule for every page, SVG file and report LAN Lens writes, since names come from the network.
import { displayText } from './displayText';

/** Escapes text for HTML or SVG element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Hostile text for a Markdown table cell or line: controls and line breaks removed (displayText),
 * the characters that mark emphasis, code, links and cells backslash-escaped, a heading, list or
 * quote mark at the start escaped, and `<` `>` `&` as entities so a renderer that passes HTML
 * through shows them as text.
 */
export function escapeMarkdown(value: string | undefined, maxLength = 120): string {
  const clean = displayText(value, maxLength) ?? '';
  return clean
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/^([#+-]|\d+(?=[.)]))(?=[.)]?(\s|$))/, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
