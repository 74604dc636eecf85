// What a tab of the traffic dashboard is: one View built from one ViewSpec. A new tab is one file
// that exports its ViewSpec, plus one entry in dashboardViews.ts.
import type { PacketDetail } from '../../shared/model/traffic';
import type { PacketPage, PacketPageParams } from '../../shared/webviewProtocol';
import type { TrafficModel } from './trafficModel';

/** One tab's content, redrawn once per animation frame while it is shown. */
export interface View {
  readonly element: HTMLElement;
  /** redraws what changed in the model since the last call; everything when `force` */
  render(force: boolean): void;
  /** forgets what belonged to the capture shown before (a new capture or file) */
  clear?(): void;
}

/** How a view reaches the host, beyond the model the host keeps up to date. */
export interface ViewHost {
  page(params: PacketPageParams): Promise<PacketPage>;
  detail(index: number): Promise<PacketDetail>;
  /** shows a failed request's message (and fix) in the dashboard's notice line */
  reportError(error: unknown): void;
}

/** What every view is built from. */
export interface ViewContext {
  model: TrafficModel;
  host: ViewHost;
}

/** A tab as the dashboard registers it; `S` is what the view persists across reloads. */
export interface ViewSpec<S> {
  /** the tab's label */
  title: string;
  /** a figure the label shows in parentheses, `Packets (1,234)`; none for a plain label */
  count?(model: TrafficModel): number;
  /** the view's state from whatever was persisted: defaults for anything missing or malformed */
  restore(persisted: unknown): S;
  create(context: ViewContext, state: S, save: (state: S) => void): View;
}
