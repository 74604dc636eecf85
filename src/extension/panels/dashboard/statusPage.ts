// A page without script for what a dashboard shows before or instead of itself: "Reading
// capture.pcapng…", or why a file cannot be read. Messages quote file names and offsets, so every
// string is escaped; the CSP allows nothing but its one nonce'd style block.
import { escapeHtml } from '../../../shared/format/markup';

/** What the page says. */
export interface StatusPageText {
  title: string;
  /** one or two sentences */
  message: string;
  /** a hint on a line of its own, e.g. how to check or repair the file */
  hint?: string;
  /** shown with an error's colours */
  error?: boolean;
}

/** The whole page; `nonce` must be fresh per page (≥ 128 random bits). */
export function statusPageHtml(text: StatusPageText, nonce: string): string {
  const colour = text.error ? 'var(--vscode-errorForeground)' : 'var(--vscode-foreground)';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${escapeHtml(nonce)}'">
<title>${escapeHtml(text.title)}</title>
<style nonce="${escapeHtml(nonce)}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 2em; }
h1 { font-size: 1.3em; font-weight: 600; color: ${colour}; }
p { max-width: 60em; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; }
.hint { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<main role="${text.error ? 'alert' : 'status'}">
<h1>${escapeHtml(text.title)}</h1>
<p class="message">${escapeHtml(text.message)}</p>
${text.hint ? `<p class="hint">${escapeHtml(text.hint)}</p>` : ''}
</main>
</body>
</html>
`;
}
