// The live capture's controls: interface, BPF filter, start, stop, save, and the counters that say
// whether anything was lost (kernel and interface drops, rows evicted to stay within memory).
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { CaptureCounters } from '../../shared/model/traffic';
import { el, setClass, setText } from '../common/dom';
import { formatCount } from '../../shared/format/displayFormat';
import type { BadgeControl, ButtonControl, DropdownControl, TextFieldControl } from '../common/toolkit';
import { badge, button, dropdown, textField } from '../common/toolkit';
import type { TrafficModel } from './trafficModel';

/** What the controls ask the dashboard to do. */
export interface CaptureActions {
  start(iface: string, filter: string): void;
  stop(): void;
  save(): void;
  /** remember the choices across reloads */
  remember(iface: string, filter: string): void;
}

/** Everything dropped or evicted, and a tooltip that breaks it down. */
export function dropSummary(counters: CaptureCounters): { total: number; title: string } {
  const evicted = counters.evicted;
  const neighbours = evicted.neighbours ?? 0;
  const evictedTotal = evicted.flows + evicted.hosts + evicted.conversations + evicted.dnsNames + neighbours;
  return {
    total: counters.kernelDrops + counters.interfaceDrops + evictedTotal,
    title: [
      `kernel drops: ${formatCount(counters.kernelDrops)}`,
      `interface drops: ${formatCount(counters.interfaceDrops)}`,
      `evicted to stay within memory: ${formatCount(evicted.flows)} flows, ${formatCount(evicted.hosts)} hosts, ${formatCount(evicted.conversations)} conversations, ${formatCount(evicted.dnsNames)} names${neighbours ? `, ${formatCount(neighbours)} LLDP/CDP neighbours` : ''}`,
      `truncated frames: ${formatCount(counters.truncated)}, malformed: ${formatCount(counters.malformed)}`,
    ].join('\n'),
  };
}

/** a dropdown label for an interface: name, first IPv4 subnet, marks */
function interfaceLabel(info: NetworkInterfaceInfo): string {
  const parts = [info.name];
  if (info.ipv4[0]) parts.push(info.ipv4[0].cidr);
  if (info.isDefault) parts.push('default');
  if (!info.up) parts.push('down');
  return parts.join(' · ');
}

export class CaptureControls {
  readonly element: HTMLElement;
  private readonly iface: DropdownControl;
  private readonly filter: TextFieldControl;
  private readonly startButton: ButtonControl;
  private readonly stopButton: ButtonControl;
  private readonly saveButton: ButtonControl;
  private readonly drops: BadgeControl;
  private readonly dropLabel: HTMLElement;
  private readonly problem: HTMLElement;
  private busy = false;

  constructor(
    private readonly actions: CaptureActions,
    remembered: { iface: string; filter: string },
  ) {
    this.iface = dropdown('Capture interface', () => this.remember());
    this.filter = textField({
      placeholder: 'BPF filter, e.g. tcp port 443',
      value: remembered.filter,
      onInput: () => this.remember(),
      onEnter: () => this.start(),
    });
    this.filter.element.classList.add('bpf-filter');
    this.startButton = button('Start', () => this.start(), { appearance: 'primary', title: 'Start capturing' });
    this.stopButton = button('Stop', () => actions.stop(), { title: 'Stop capturing' });
    this.saveButton = button('Save…', () => actions.save(), { title: 'Save the recorded packets as a pcap file' });
    this.drops = badge('0');
    this.dropLabel = el('span', {
      className: 'drop-counter',
      attrs: { role: 'status' },
      children: [el('span', { text: 'Dropped ' }), this.drops.element],
    });
    this.problem = el('p', { className: 'capture-problem', attrs: { role: 'alert' } });
    this.problem.hidden = true;
    this.rememberedIface = remembered.iface;
    this.element = el('div', {
      className: 'capture-controls',
      attrs: { role: 'group', 'aria-label': 'Capture' },
      children: [
        el('label', { className: 'control-label', text: 'Interface' }),
        this.iface.element,
        this.filter.element,
        this.startButton.element,
        this.stopButton.element,
        this.saveButton.element,
        this.dropLabel,
        this.problem,
      ],
    });
  }

  private rememberedIface: string;

  /** Reflects the model: interfaces, running or not, drops, why capture is unavailable. */
  update(model: TrafficModel): void {
    const choices = model.interfaces.map((info) => ({ value: info.name, label: interfaceLabel(info) }));
    const running = model.source?.kind === 'live' ? model.source.interface : undefined;
    const preferred = [
      running,
      this.rememberedIface,
      model.activeInterface,
      model.interfaces.find((i) => i.isDefault)?.name,
    ].find((name) => name && choices.some((choice) => choice.value === name));
    this.iface.setChoices(choices, preferred);
    const available = model.captureStatus.available;
    this.startButton.setDisabled(this.busy || model.running || !available || !choices.length);
    this.stopButton.setDisabled(this.busy || !model.running);
    this.saveButton.setDisabled(this.busy || model.running || !model.recording);
    this.iface.setDisabled(model.running);
    this.filter.setDisabled(model.running);
    const drops = dropSummary(model.counters);
    this.drops.setText(formatCount(drops.total), drops.title);
    this.dropLabel.title = drops.title;
    setClass(this.dropLabel, 'has-drops', drops.total > 0);
    const problem = model.captureStatus.problem;
    this.problem.hidden = !problem;
    setText(this.problem, problem ? `${problem.message} ${problem.fix}` : '');
  }

  /** Disables the buttons while a request runs. */
  setBusy(busy: boolean, model: TrafficModel): void {
    this.busy = busy;
    this.update(model);
  }

  private start(): void {
    const iface = this.iface.value();
    if (iface) {
      this.actions.start(iface, this.filter.value().trim());
      return;
    }
    // Never a Start that does nothing: say what is missing.
    this.problem.hidden = false;
    setText(this.problem, 'Choose an interface to capture on.');
  }

  private remember(): void {
    this.rememberedIface = this.iface.value() || this.rememberedIface;
    this.actions.remember(this.rememberedIface, this.filter.value());
  }
}
