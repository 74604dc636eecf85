// What changed in the chosen period, one line each, newest last. Text only.
import { el } from '../common/dom';
import { formatMinute } from '../../shared/format/displayText';
import { describeChange } from '../../shared/history/historyText';
import type { HistoryChange } from '../../shared/model/history';

/** The list of changes. */
export class ChangeList {
  readonly element: HTMLElement;
  private readonly list = el('ul', { className: 'changes' });

  constructor() {
    this.element = el('div', { className: 'change-list', children: [this.list] });
  }

  update(changes: readonly HistoryChange[]): void {
    const items = changes.map((change) =>
      el('li', {
        className: `change ${change.kind}`,
        children: [
          el('span', { className: 'when', text: formatMinute(change.time) }),
          el('span', { text: describeChange(change) }),
        ],
      }),
    );
    if (items.length === 0) items.push(el('li', { className: 'note', text: 'Nothing changed in this period.' }));
    this.list.replaceChildren(...items);
  }
}
