// The only way the views build DOM. Everything that can carry data goes in as text (textContent,
// title, aria-label): network strings are hostile, and no code path here parses HTML.

/** Options of `el`: all strings are set as text or plain attributes, never parsed. */
export interface ElementOptions {
  className?: string;
  text?: string;
  /** tooltip, shown as text */
  title?: string;
  attrs?: Record<string, string>;
  children?: (Node | undefined)[];
}

/** Creates an element; `attrs` may not name event handlers or `style` (CSP and safety). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options?: ElementOptions): HTMLElementTagNameMap[K];
/** A custom element (`vscode-button`…): only the toolkit wrapper creates these. */
export function el(tag: string, options?: ElementOptions): HTMLElement;
export function el(tag: string, options: ElementOptions = {}): HTMLElement {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title !== undefined) element.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {})) setAttribute(element, name, value);
  for (const child of options.children ?? []) if (child) element.append(child);
  return element;
}

/** Sets an attribute that cannot run code or inline style. */
export function setAttribute(element: Element, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') {
    throw new Error(`refusing to set the ${name} attribute from data`);
  }
  if ((lower === 'href' || lower === 'src' || lower === 'xlink:href') && !/^#[\w-]*$/.test(value)) {
    throw new Error(`refusing to set ${name} to anything but a fragment`);
  }
  element.setAttribute(name, value);
}

/** Sets text only when it changed: rows are reused every second, and unchanged text costs no layout. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets a tooltip (text) only when it changed. */
export function setTitle(element: HTMLElement | SVGElement, title: string): void {
  if (element instanceof HTMLElement) {
    if (element.title !== title) element.title = title;
    return;
  }
  // SVG tooltips are a <title> child, again as text.
  let node = element.querySelector(':scope > title');
  if (!node) node = element.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'title'));
  setText(node, title);
}

/** Toggles a class only when needed. */
export function setClass(element: Element, name: string, on: boolean): void {
  if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
}
