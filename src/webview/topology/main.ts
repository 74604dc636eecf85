// Entry of the topology bundle (dist/webview/topology.js, with topology.css and the codicon font
// beside it; its layout worker is bundled in, see layoutClient.ts).
import './topology.css';
import { connectToHost } from '../common/hostChannel';
import { registerToolkit } from '../common/registerToolkit';
import { PersistedState, vscodeApi } from '../common/vscodeApi';
import type { TopologyPersisted } from './topologyPersisted';
import { restoreTopologyState } from './topologyPersisted';
import { TopologyView } from './topologyView';

registerToolkit();
const api = vscodeApi<TopologyPersisted>();
const persisted = new PersistedState<TopologyPersisted>(api, restoreTopologyState(api.getState()), 1000);
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
// The glyphs are drawn with the codicon font: load it before the first frame needs it.
void document.fonts
  .load('16px codicon')
  .finally(() => void new TopologyView(root, connectToHost(api), persisted).start());
