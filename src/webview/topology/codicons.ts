// The codicon glyphs the topology draws on its canvas, by name (as deviceIcon and the graph name
// them) → their character in the codicon font (@vscode/codicons, bundled beside the stylesheet).
// A unit test checks every name against the font's own mapping.

/** Code points of the codicons the topology uses. */
export const CODICON_CODE_POINTS: Readonly<Record<string, number>> = {
  home: 0xeb06,
  globe: 0xeb01,
  'radio-tower': 0xeb34,
  output: 0xeb9d,
  database: 0xeace,
  'device-camera-video': 0xead9,
  'play-circle': 0xeba6,
  'device-mobile': 0xeadb,
  'device-desktop': 0xea7a,
  server: 0xeb50,
  'circuit-board': 0xeabe,
  vm: 0xea7a,
  question: 0xeb32,
  'type-hierarchy': 0xebb9,
  cloud: 0xebaa,
  'symbol-namespace': 0xea8b,
};

/** The glyph of a codicon name (the question mark for one not in the table). */
export function codiconGlyph(name: string): string {
  return String.fromCodePoint(CODICON_CODE_POINTS[name] ?? CODICON_CODE_POINTS.question!);
}
