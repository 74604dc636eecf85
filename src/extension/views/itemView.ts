import type { ContextValue } from '../contributionIds';

/** Everything a TreeItem shows, as plain data; equal views mean nothing to refresh. */
export interface ItemView {
  id: string;
  label: string;
  description?: string;
  /** plain text: never rendered as markdown or HTML */
  tooltip: string;
  /** codicon id */
  icon?: string;
  /** drawn in the disabled colour: not seen in the last scan */
  dimmed: boolean;
  contextValue: ContextValue;
  expandable: boolean;
}
