// What a report says, section by section, as plain text cells: the HTML and Markdown writers
// escape and lay out the same content, so the two formats never disagree. Names from the network
// are cleaned here (displayText) and escaped by each writer.
import { formatByteRate, formatBytes, formatCount, formatCountOf } from '../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../shared/format/displayText';
import { describeChange, deviceLabel } from '../../shared/history/historyText';
import { formatPeriod } from '../../shared/history/periods';
import type { ChangeKind, HistoryChange } from '../../shared/model/history';
import type { HistoryReport } from '../../shared/model/report';

/** A table cell: its text and, for figures, the exact number it shows (the HTML keeps it as data). */
export interface ReportCell {
  text: string;
  value?: number;
}

/** A table: column headings and rows of cells; `numeric` columns are right-aligned. */
export interface ReportTable {
  /** a class naming what the table holds, for the HTML and its tests */
  name: string;
  headings: string[];
  numeric: boolean[];
  rows: ReportCell[][];
}

/** One section: a heading, sentences, an optional chart, an optional table. */
export interface ReportSection {
  id: string;
  title: string;
  sentences: string[];
  chart?: 'bandwidth' | 'presence';
  table?: ReportTable;
}

const bytesCell = (bytes: number): ReportCell => ({ text: formatBytes(bytes), value: bytes });

const textCell = (text: string | undefined): ReportCell => ({ text: text ?? '-' });

/** The report's title: `LAN Lens report: 2024-05-15`, `… week of 2024-05-13`, `… 2024-05`. */
export function reportTitle(report: HistoryReport): string {
  return `LAN Lens report: ${formatPeriod(report.from, report.unit)}`;
}

/** The line under the title: the span, whether it is finished, when it was made. */
export function reportSubtitle(report: HistoryReport): string {
  const end = report.to > report.generated ? `${formatMinute(report.generated)} (so far)` : formatMinute(report.to);
  return `From ${formatMinute(report.from)} to ${end}. Made ${formatMinute(report.generated)}.`;
}

/** The report's sections, in order. */
export function reportSections(report: HistoryReport): ReportSection[] {
  return [
    summary(report),
    bandwidth(report),
    devices(report),
    talkers(report),
    ports(report),
    presence(report),
    alerts(report),
  ];
}

const changesOf = (report: HistoryReport, ...kinds: ChangeKind[]) =>
  report.view.changes.filter((change) => kinds.includes(change.kind));

function summary(report: HistoryReport): ReportSection {
  const rx = report.interfaces.reduce((sum, row) => sum + row.rx, 0);
  const tx = report.interfaces.reduce((sum, row) => sum + row.tx, 0);
  const sentences = [
    `Received ${formatBytes(rx)} and sent ${formatBytes(tx)} on ${formatCountOf(report.interfaces.length, 'interface')}.`,
    `${formatCountOf(report.view.devicesPresent, 'device')} present; ${formatCount(changesOf(report, 'device-new').length)} new, ${formatCount(changesOf(report, 'device-gone').length)} gone.`,
    `${formatCountOf(changesOf(report, 'port-opened').length, 'port')} opened, ${formatCount(changesOf(report, 'port-closed').length)} closed.`,
    `${formatCountOf(report.alertCount, 'alert')}.`,
  ];
  return { id: 'summary', title: 'Summary', sentences };
}

function bandwidth(report: HistoryReport): ReportSection {
  const rows = report.interfaces.map((row) => [
    textCell(row.interface),
    bytesCell(row.rx),
    bytesCell(row.tx),
    bytesCell(row.rx + row.tx),
    { text: formatByteRate(row.peakRx / 60), value: row.peakRx },
    { text: formatByteRate(row.peakTx / 60), value: row.peakTx },
  ]);
  const sentences =
    rows.length === 0
      ? ['No bandwidth was recorded in this period.']
      : [
          `Peaks are each interface's busiest minute. The chart shows the last ${formatCount(report.view.periods.length)} ${report.unit}s, all interfaces summed.`,
        ];
  return {
    id: 'bandwidth',
    title: 'Bandwidth',
    sentences,
    chart: 'bandwidth',
    table: {
      name: 'bandwidth',
      headings: ['Interface', 'Received', 'Sent', 'Total', 'Peak received', 'Peak sent'],
      numeric: [false, true, true, true, true, true],
      rows,
    },
  };
}

const changeRow = (change: HistoryChange): ReportCell[] => [
  textCell(formatMinute(change.time)),
  textCell(describeChange(change)),
];

function devices(report: HistoryReport): ReportSection {
  const list = changesOf(report, 'device-new', 'device-gone', 'address-new');
  return {
    id: 'devices',
    title: 'New and vanished devices',
    sentences: [
      list.length === 0
        ? 'No device appeared, moved or vanished.'
        : 'A device has vanished when a scan of its subnet in this period no longer found it.',
    ],
    table:
      list.length === 0
        ? undefined
        : { name: 'device-changes', headings: ['When', 'Change'], numeric: [false, false], rows: list.map(changeRow) },
  };
}

function talkers(report: HistoryReport): ReportSection {
  const { hosts } = report.view.top;
  const rows = hosts.map((host) => [
    textCell(host.addr),
    textCell(host.mac),
    bytesCell(host.bytesIn),
    bytesCell(host.bytesOut),
    bytesCell(host.bytesIn + host.bytesOut),
  ]);
  const protocols = report.view.top.protocols.map(
    (entry) => `${displayText(entry.protocol, 30) ?? '?'} ${formatBytes(entry.bytes)}`,
  );
  return {
    id: 'talkers',
    title: 'Top talkers',
    sentences:
      rows.length === 0
        ? ['No traffic was captured in this period: top talkers come from captures.']
        : [`Protocols: ${protocols.join(', ')}.`],
    table:
      rows.length === 0
        ? undefined
        : {
            name: 'hosts',
            headings: ['Host', 'MAC', 'In', 'Out', 'Total'],
            numeric: [false, false, true, true, true],
            rows,
          },
  };
}

function ports(report: HistoryReport): ReportSection {
  const list = changesOf(report, 'port-opened', 'port-closed');
  return {
    id: 'ports',
    title: 'Port changes',
    sentences: list.length === 0 ? ['No port scan found a port opened or closed.'] : [],
    table:
      list.length === 0
        ? undefined
        : { name: 'port-changes', headings: ['When', 'Change'], numeric: [false, false], rows: list.map(changeRow) },
  };
}

function presence(report: HistoryReport): ReportSection {
  const { devices: shown, devicesPresent, presence: spans } = report.view;
  const rows = shown.map((device) => {
    const own = spans.filter((span) => span.deviceId === device.id);
    const first = Math.max(report.from, Math.min(...own.map((span) => span.from)));
    const last = Math.min(report.to, Math.max(...own.map((span) => span.to)));
    return [
      textCell(deviceLabel(device)),
      textCell(device.ip || undefined),
      textCell(device.mac),
      textCell(formatMinute(first)),
      textCell(formatMinute(last)),
    ];
  });
  const hidden = devicesPresent - shown.length;
  return {
    id: 'presence',
    title: 'Devices present',
    sentences: [
      shown.length === 0
        ? 'No device was seen in this period.'
        : `${formatCountOf(devicesPresent, 'device')} seen${hidden > 0 ? `; the ${formatCount(shown.length)} seen last are shown` : ''}.`,
    ],
    chart: shown.length === 0 ? undefined : 'presence',
    table:
      rows.length === 0
        ? undefined
        : {
            name: 'presence',
            headings: ['Device', 'Address', 'MAC', 'First seen', 'Last seen'],
            numeric: [false, false, false, false, false],
            rows,
          },
  };
}

function alerts(report: HistoryReport): ReportSection {
  const rows = report.alerts.map((alert) => [
    textCell(formatMinute(alert.time)),
    textCell(alert.severity),
    textCell(displayText(alert.title, 200)),
    textCell(alert.rule),
  ]);
  const more = report.alertCount - rows.length;
  return {
    id: 'alerts',
    title: 'Alerts',
    sentences:
      rows.length === 0
        ? ['No alert was raised.']
        : more > 0
          ? [`The newest ${formatCount(rows.length)} of ${formatCount(report.alertCount)}.`]
          : [],
    table:
      rows.length === 0
        ? undefined
        : {
            name: 'alerts',
            headings: ['When', 'Severity', 'Alert', 'Rule'],
            numeric: [false, false, false, false],
            rows,
          },
  };
}
