// The packet list of a file (or a recording) as rows the virtual table reads by position, fetched
// from the host a page at a time as they scroll into view. A bounded number of pages is kept.
import type { PacketSummary } from '../../shared/model/traffic';
import type { PacketPage, PacketPageParams } from '../../shared/webviewProtocol';
import type { RowSource } from '../common/virtualWindow';

export const pageSize = 500;
/** pages kept (20,000 rows) */
export const maxPages = 40;

export class PacketPager implements RowSource<PacketSummary> {
  count = 0;
  private filter = '';
  /** page number → rows, in least-recently-used order */
  private readonly pages = new Map<number, PacketSummary[]>();
  private readonly loading = new Set<number>();
  /** pages whose request failed: not asked again until the next reset (no request loop) */
  private readonly failed = new Set<number>();
  /** bumped on every filter change so that late answers for an old filter are dropped */
  private generation = 0;

  constructor(
    private readonly fetch: (params: PacketPageParams) => Promise<PacketPage>,
    /** called when a page arrived (redraw) or failed */
    private readonly onChange: (error?: unknown) => void,
  ) {}

  /** Starts over with another filter (or the same, to reload); resolves once the first page is in. */
  async reset(filter: string, total: number): Promise<void> {
    this.filter = filter;
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.failed.clear();
    this.count = filter ? 0 : total;
    await this.load(0);
  }

  /**
   * While the file is read: asks again for the last page (the only one that can be partial), whose
   * answer brings the rows read since and the new total.
   */
  async refresh(): Promise<void> {
    const last = Math.max(0, Math.floor((this.count - 1) / pageSize));
    this.pages.delete(last);
    this.failed.delete(last);
    await this.load(last);
  }

  at(index: number): PacketSummary | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const number = Math.floor(index / pageSize);
    const page = this.pages.get(number);
    if (!page) {
      if (!this.failed.has(number)) void this.load(number);
      return undefined;
    }
    // Refresh its place in the LRU order only when it is not already the newest.
    if (this.lastUsed !== number) {
      this.pages.delete(number);
      this.pages.set(number, page);
      this.lastUsed = number;
    }
    return page[index - number * pageSize];
  }

  private lastUsed = -1;

  private async load(number: number): Promise<void> {
    if (this.loading.has(number)) return;
    this.loading.add(number);
    const generation = this.generation;
    try {
      const answer = await this.fetch({ from: number * pageSize + 1, count: pageSize, filter: this.filter });
      if (generation !== this.generation) return;
      this.pages.set(number, answer.packets);
      this.count = answer.total;
      while (this.pages.size > maxPages) this.pages.delete(this.pages.keys().next().value as number);
      this.onChange();
    } catch (error) {
      if (generation === this.generation) {
        this.failed.add(number);
        this.onChange(error);
      }
    } finally {
      if (generation === this.generation) this.loading.delete(number);
    }
  }
}
