import type { HistorySubcommand } from './historyContext';
import { alertLines } from '../alertLines';
import { listAlerts } from '../../alerts/alertStore';
import { MAX_LISTED_ALERTS } from '../../../shared/alertsProtocol';

/** `history alerts [--since T] [--json]`: the stored alerts not cleared, oldest first (JSON: newest first, as `alerts/list`). */
export const alertsSubcommand: HistorySubcommand = ({ history, values, since }, output) => {
  const alerts = listAlerts(history.db, since ?? 0, MAX_LISTED_ALERTS);
  if (values.json) return (output.out(JSON.stringify(alerts, null, 2)), 0);
  if (alerts.length === 0) return (output.out('No alerts in that time.'), 0);
  for (const alert of [...alerts].reverse()) output.out(alertLines(alert));
  return 0;
};
