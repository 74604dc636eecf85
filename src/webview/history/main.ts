// Entry of the history bundle (dist/webview/history.js, with history.css beside it).
import './history.css';
import { connectToHost } from '../common/hostChannel';
import { registerToolkit } from '../common/registerToolkit';
import { PersistedState, vscodeApi } from '../common/vscodeApi';
import { HistoryPage } from './historyPage';
import type { HistoryPersisted } from './historyPersisted';
import { restoreHistoryState } from './historyPersisted';

registerToolkit();
const api = vscodeApi<HistoryPersisted>();
const persisted = new PersistedState<HistoryPersisted>(api, restoreHistoryState(api.getState()), 250);
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
void new HistoryPage(root, connectToHost(api), persisted).start();
