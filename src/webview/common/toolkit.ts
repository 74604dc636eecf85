// The one module that builds @vscode/webview-ui-toolkit's controls (the toolkit is archived
// upstream): the views build controls only through these functions, so the toolkit can be swapped
// for another without touching them. The package itself is loaded by registerToolkit.ts alone, so
// this module (and the views) load under plain Node in the unit tests.
import { el, setText } from './dom';

/** The custom elements' properties the views use (they are plain properties on the elements). */
interface ValueElement extends HTMLElement {
  value: string;
  disabled: boolean;
}
interface CheckedElement extends HTMLElement {
  checked: boolean;
}

/** A push button. */
export interface ButtonControl {
  element: HTMLElement;
  setDisabled(disabled: boolean): void;
}

export function button(
  label: string,
  onClick: () => void,
  options: { appearance?: 'primary' | 'secondary' | 'icon'; title?: string } = {},
): ButtonControl {
  const element = el('vscode-button', { text: label, title: options.title }) as ValueElement;
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.title) element.setAttribute('aria-label', options.title);
  element.addEventListener('click', () => {
    if (!element.disabled) onClick();
  });
  return {
    element,
    setDisabled: (disabled) => {
      if (element.disabled !== disabled) element.disabled = disabled;
    },
  };
}

/** One choice of a dropdown; `label` is shown as text. */
export interface Choice {
  value: string;
  label: string;
}

/** A single-choice dropdown. */
export interface DropdownControl {
  element: HTMLElement;
  value(): string;
  /** replaces the choices (only when they changed) and selects `selected` when it is one of them */
  setChoices(choices: Choice[], selected?: string): void;
  setDisabled(disabled: boolean): void;
}

export function dropdown(ariaLabel: string, onChange: (value: string) => void): DropdownControl {
  const element = el('vscode-dropdown', { attrs: { 'aria-label': ariaLabel } }) as ValueElement;
  let current: Choice[] = [];
  // The value last asked for: options just added are registered by the element a little later,
  // and a value set before that is dropped, so it is set again then and read from here meanwhile.
  let wanted = '';
  element.addEventListener('change', () => {
    wanted = element.value;
    onChange(element.value);
  });
  const select = () => {
    if (wanted && element.value !== wanted && current.some((choice) => choice.value === wanted)) element.value = wanted;
  };
  return {
    element,
    value: () => element.value || wanted,
    setChoices(choices, selected) {
      const same =
        choices.length === current.length &&
        choices.every((choice, i) => choice.value === current[i]?.value && choice.label === current[i]?.label);
      if (!same) {
        current = choices.map((choice) => ({ ...choice }));
        element.replaceChildren(
          ...choices.map((choice) => el('vscode-option', { text: choice.label, attrs: { value: choice.value } })),
        );
      }
      if (selected !== undefined && choices.some((choice) => choice.value === selected)) wanted = selected;
      select();
      if (!same) requestAnimationFrame(select);
    },
    setDisabled: (disabled) => {
      if (element.disabled !== disabled) element.disabled = disabled;
    },
  };
}

/** A one-line text input. */
export interface TextFieldControl {
  element: HTMLElement;
  value(): string;
  setValue(value: string): void;
  setDisabled(disabled: boolean): void;
}

export function textField(options: {
  label?: string;
  placeholder?: string;
  value?: string;
  /** every change */
  onInput?: (value: string) => void;
  /** Enter pressed */
  onEnter?: (value: string) => void;
}): TextFieldControl {
  const element = el('vscode-text-field', { text: options.label }) as ValueElement;
  if (options.placeholder) element.setAttribute('placeholder', options.placeholder);
  if (!options.label && options.placeholder) element.setAttribute('aria-label', options.placeholder);
  element.value = options.value ?? '';
  element.addEventListener('input', () => options.onInput?.(element.value));
  element.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key === 'Enter') options.onEnter?.(element.value);
  });
  return {
    element,
    value: () => element.value,
    setValue: (value) => {
      if (element.value !== value) element.value = value;
    },
    setDisabled: (disabled) => {
      if (element.disabled !== disabled) element.disabled = disabled;
    },
  };
}

/** A checkbox with its label. */
export interface CheckboxControl {
  element: HTMLElement;
  checked(): boolean;
  setChecked(checked: boolean): void;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): CheckboxControl {
  const element = el('vscode-checkbox', { text: label }) as CheckedElement;
  element.checked = checked;
  element.addEventListener('change', () => onChange(element.checked));
  return {
    element,
    checked: () => element.checked,
    setChecked: (value) => {
      if (element.checked !== value) element.checked = value;
    },
  };
}

/** A small count or status label. */
export interface BadgeControl {
  element: HTMLElement;
  setText(text: string, title?: string): void;
}

/**
 * Drawn by hand in the toolkit's badge look: the toolkit's <vscode-badge> template binds a `style`
 * attribute, which a strict CSP (no 'unsafe-inline' styles) reports as a violation.
 */
export function badge(text = '', title?: string): BadgeControl {
  const element = el('span', { className: 'badge', text, title });
  return {
    element,
    setText: (value, tooltip) => {
      setText(element, value);
      if (tooltip !== undefined && element.title !== tooltip) element.title = tooltip;
    },
  };
}

/** A spinner for pending requests. */
export function progressRing(label: string): HTMLElement {
  return el('vscode-progress-ring', { attrs: { 'aria-label': label } });
}

/** One tab of `tabs`. */
export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  content: HTMLElement;
}

/** Tabs (VS Code's panel tabs); `onChange` gets the id of the tab shown. */
export interface TabsControl<Id extends string> {
  element: HTMLElement;
  active(): Id;
  show(id: Id): void;
}

/** Tabs with typed ids: the first tab is shown unless `activeId` names another. */
export function tabs<Id extends string>(
  specs: readonly TabSpec<Id>[],
  activeId: Id,
  onChange: (id: Id) => void,
): TabsControl<Id> {
  const element = el('vscode-panels', { attrs: { 'aria-label': 'Dashboard views' } });
  const tabId = (id: string) => `tab-${id}`;
  element.append(
    ...specs.map((spec) => el('vscode-panel-tab', { text: spec.label, attrs: { id: tabId(spec.id) } })),
    ...specs.map((spec) => el('vscode-panel-view', { attrs: { id: `view-${spec.id}` }, children: [spec.content] })),
  );
  // The property, not the attribute: FAST reflects attributes later, in a batched DOM update.
  const panels = element as HTMLElement & { activeid?: string };
  const active = (): Id => {
    const shown = panels.activeid ?? element.getAttribute('activeid');
    return (specs.find((spec) => tabId(spec.id) === shown) ?? specs[0]!).id;
  };
  if (specs.some((spec) => spec.id === activeId)) element.setAttribute('activeid', tabId(activeId));
  element.addEventListener('change', (event) => {
    // The panel tabs' change event bubbles from inner controls too; only the panels' own counts.
    if (event.target === element) onChange(active());
  });
  return {
    element,
    active,
    show: (id) => {
      panels.activeid = tabId(id);
    },
  };
}
