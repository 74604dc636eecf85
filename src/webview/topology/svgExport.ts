// The map as a standalone SVG document: the nodes the filters show, their edges styled as on the
// canvas, and their labels as escaped text (a hostile name stays text in any viewer). Colours are
// the theme's at the time of export.
import { escapeHtml } from '../../shared/format/markup';
import { nodeColour } from './canvasRenderer';
import { edgeStroke } from './edgeDrawing';
import type { Palette } from './themePalette';
import type { TopologyScene } from './topologyScene';

const round = (value: number) => Math.round(value * 10) / 10;

/** The SVG of the shown part of the scene. */
export function sceneSvg(scene: TopologyScene, palette: Palette): string {
  const { positions: p, radii, graph, shown, ends } = scene;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < graph.nodes.length; i++) {
    if (!shown[i]) continue;
    minX = Math.min(minX, p[i * 2]! - radii[i]!);
    maxX = Math.max(maxX, p[i * 2]! + radii[i]!);
    minY = Math.min(minY, p[i * 2 + 1]! - radii[i]!);
    maxY = Math.max(maxY, p[i * 2 + 1]! + radii[i]! + 16);
  }
  if (minX === Infinity) [minX, minY, maxX, maxY] = [0, 0, 100, 100];
  const margin = 20;
  const box = [minX - margin, minY - margin, maxX - minX + 2 * margin, maxY - minY + 2 * margin].map(round);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.join(' ')}" width="${box[2]}" height="${box[3]}">`,
    `<rect x="${box[0]}" y="${box[1]}" width="${box[2]}" height="${box[3]}" fill="${escapeHtml(palette.background)}"/>`,
    '<g fill="none" stroke-opacity="0.75">',
  ];
  graph.edges.forEach((edge, e) => {
    const a = ends[e * 2]!;
    const b = ends[e * 2 + 1]!;
    if (!shown[a] || !shown[b]) return;
    const stroke = edgeStroke(edge, graph.layout, palette);
    const dash = stroke.dash.length ? ` stroke-dasharray="${stroke.dash.join(' ')}"` : '';
    const evidence = escapeHtml(edge.evidence.map((x) => `${x.kind}: ${x.detail}`).join('; '));
    parts.push(
      `<line x1="${round(p[a * 2]!)}" y1="${round(p[a * 2 + 1]!)}" x2="${round(p[b * 2]!)}" y2="${round(p[b * 2 + 1]!)}" stroke="${escapeHtml(stroke.colour)}" stroke-width="${stroke.width}"${dash}><title>${evidence}</title></line>`,
    );
  });
  parts.push('</g>', `<g font-family="${escapeHtml(palette.font)}" font-size="11" text-anchor="middle">`);
  graph.nodes.forEach((node, i) => {
    if (!shown[i]) return;
    const [x, y, r] = [round(p[i * 2]!), round(p[i * 2 + 1]!), round(radii[i]!)];
    const dash = node.passiveOnly ? ` stroke="${escapeHtml(palette.foreground)}" stroke-dasharray="3 2"` : '';
    const opacity = node.stale ? ' opacity="0.4"' : '';
    parts.push(
      `<circle cx="${x}" cy="${y}" r="${r}" fill="${escapeHtml(nodeColour(node, palette))}"${dash}${opacity}><title>${escapeHtml(node.label)}</title></circle>`,
      `<text x="${x}" y="${round(y + r + 12)}" fill="${escapeHtml(palette.foreground)}">${escapeHtml(node.label)}</text>`,
    );
  });
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}
