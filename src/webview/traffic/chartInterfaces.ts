// Which interface the throughput chart draws, and what its picker offers. By default it follows
// the capture (or, with none, the interface the status bar follows), so the captured line and the
// interface's own counters can be compared. "All" sums the physical interfaces only: loopback
// and virtual links (veths, bridges, tunnels) count the same bytes again, which made download
// always equal upload. Summing everything is offered, but only when asked. Pure.
import { isListedInterface, isVirtualLink } from '../../shared/interfaceKinds';
import type { NetworkInterfaceInfo } from '../../shared/model/network';

/** The chart's own choice: follow the capture (the default, and what an old saved state restores to). */
export const followCapture = '';
/** Every physical interface, summed. */
export const physicalInterfaces = '*physical';
/** Every interface, loopback and virtual links too, summed. */
export const everyInterface = '*every';

/** What the chart needs to decide. */
export interface ChartInterfaceInput {
  /** the user's choice: an interface name, `followCapture`, `physicalInterfaces` or `everyInterface` */
  chosen: string;
  /** interfaces the bandwidth readings name */
  sampled: readonly string[];
  /** what the helper knows about each interface */
  interfaces: readonly NetworkInterfaceInfo[];
  /** the live capture's interface, when one runs or ran */
  captureInterface?: string;
  /** the interface the status bar follows */
  activeInterface?: string;
}

/** What the chart draws and its picker shows. */
export interface ChartInterfaces {
  /** the picker's entries */
  choices: { value: string; label: string }[];
  /** the picker's selected value */
  selected: string;
  /** the interfaces whose readings are summed into the chart */
  summed: ReadonlySet<string>;
}

/** The chart's interfaces for `input`. */
export function chartInterfaces(input: ChartInterfaceInput): ChartInterfaces {
  const info = new Map(input.interfaces.map((entry) => [entry.name, entry]));
  const sampled = new Set(input.sampled);
  const followed = [input.captureInterface, input.activeInterface].find(
    (name) => name !== undefined && name !== 'any' && sampled.has(name),
  );
  // Listed one by one: physical links, and virtual ones with an address of their own (a lab bridge,
  // docker0); plumbing without an address (veths) only counts in "every interface".
  const listed = input.sampled.filter((name) => name === followed || isListedInterface(info.get(name)));
  const physical = new Set(input.sampled.filter((name) => !isVirtualLink(info.get(name))));
  const choices = [
    ...listed.map((name) => ({ value: name, label: name === followed ? `${name} (followed)` : name })),
    { value: physicalInterfaces, label: 'All interfaces' },
    { value: everyInterface, label: 'All, with loopback and virtual links' },
  ];
  const chosen = input.chosen === followCapture ? (followed ?? physicalInterfaces) : input.chosen;
  const selected = choices.some((choice) => choice.value === chosen) ? chosen : physicalInterfaces;
  const summed =
    selected === everyInterface ? sampled : selected === physicalInterfaces ? physical : new Set([selected]);
  return { choices, selected, summed };
}
