// The colours the canvas draws with, read from VS Code's theme variables (getComputedStyle) and read
// again whenever the theme changes (VS Code swaps the body's classes): light, dark and high
// contrast alike, with no colour of LAN Lens's own.

/** Every colour the topology uses. */
export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  focus: string;
  /** high-contrast themes draw an outline round everything ('' otherwise) */
  contrastBorder: string;
  selection: string;
  /** the chart colours, for OS families, evidence and protocols */
  red: string;
  orange: string;
  yellow: string;
  green: string;
  blue: string;
  purple: string;
  lines: string;
  font: string;
}

const VARIABLES: Record<keyof Palette, [string, string]> = {
  background: ['--vscode-editor-background', '#ffffff'],
  foreground: ['--vscode-foreground', '#616161'],
  muted: ['--vscode-descriptionForeground', '#717171'],
  focus: ['--vscode-focusBorder', '#0090f1'],
  contrastBorder: ['--vscode-contrastBorder', ''],
  selection: ['--vscode-list-activeSelectionBackground', '#0060c0'],
  red: ['--vscode-charts-red', '#e51400'],
  orange: ['--vscode-charts-orange', '#d18616'],
  yellow: ['--vscode-charts-yellow', '#bf8803'],
  green: ['--vscode-charts-green', '#388a34'],
  blue: ['--vscode-charts-blue', '#1a85ff'],
  purple: ['--vscode-charts-purple', '#652d90'],
  lines: ['--vscode-charts-lines', 'rgba(128, 128, 128, 0.5)'],
  font: ['--vscode-font-family', 'sans-serif'],
};

/** The theme's colours now. */
export function readPalette(element: Element = document.body): Palette {
  const style = getComputedStyle(element);
  const palette = {} as Palette;
  for (const [key, [variable, fallback]] of Object.entries(VARIABLES) as [keyof Palette, [string, string]][]) {
    palette[key] = style.getPropertyValue(variable).trim() || fallback;
  }
  return palette;
}

/** Calls `onChange` with the new colours whenever VS Code changes theme; returns a stop function. */
export function watchTheme(onChange: (palette: Palette) => void): () => void {
  const observer = new MutationObserver(() => onChange(readPalette()));
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}

/** OS families by colour; anything else is muted. */
export function osColour(palette: Palette, family: string | undefined): string {
  const name = (family ?? '').toLowerCase();
  if (name.includes('windows')) return palette.blue;
  if (name.includes('linux')) return palette.orange;
  if (/mac|ios|apple|darwin/.test(name)) return palette.purple;
  if (name.includes('android')) return palette.green;
  if (/router|ios-xe|junos|embedded|switch/.test(name)) return palette.red;
  if (name.includes('bsd')) return palette.yellow;
  return palette.muted;
}

/** The OS families the legend lists, in order, with a sample family name for osColour. */
export const OS_LEGEND: readonly [string, string][] = [
  ['Linux', 'linux'],
  ['Windows', 'windows'],
  ['macOS / iOS', 'macos'],
  ['Android', 'android'],
  ['network OS', 'routeros embedded'],
  ['BSD', 'bsd'],
  ['unknown', ''],
];

/** A protocol's colour in the conversations layout: a stable pick among the chart colours. */
export function protocolColour(palette: Palette, protocol: string | undefined): string {
  if (!protocol) return palette.muted;
  const choices = [palette.blue, palette.orange, palette.green, palette.purple, palette.red, palette.yellow];
  let hash = 0;
  for (let i = 0; i < protocol.length; i++) hash = (hash * 31 + protocol.charCodeAt(i)) >>> 0;
  return choices[hash % choices.length]!;
}
