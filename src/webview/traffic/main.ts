// Entry of the traffic dashboard bundle (dist/webview/traffic.js, with traffic.css beside it).
import './traffic.css';
import type { TrafficViewPersistedState } from '../../shared/webviewProtocol';
import { connectToHost } from '../common/hostChannel';
import { registerToolkit } from '../common/registerToolkit';
import { PersistedState, vscodeApi } from '../common/vscodeApi';
import { Dashboard } from './dashboard';
import type { UiState } from './uiState';
import { restoreUiState } from './uiState';

type Persisted = TrafficViewPersistedState & { ui: UiState };

registerToolkit();
const api = vscodeApi<Persisted>();
const restored = api.getState();
const persisted = new PersistedState<Persisted>(api, {
  captureId: restored?.captureId,
  ui: restoreUiState(restored?.ui),
});
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
void new Dashboard(root, connectToHost(api), persisted).start();
