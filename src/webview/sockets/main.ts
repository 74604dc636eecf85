// Entry of the sockets bundle (dist/webview/sockets.js and sockets.css): "Show Process Traffic"
// and the debug session's traffic panel, one view in two modes (the host says which).
import './sockets.css';
import { connectToHost } from '../common/hostChannel';
import { registerToolkit } from '../common/registerToolkit';
import { vscodeApi } from '../common/vscodeApi';
import { SocketsDebugPart } from './socketsDebugPart';
import { SocketsView } from './socketsView';

registerToolkit();
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const host = connectToHost(vscodeApi<unknown>());
const view = new SocketsView(root, host, new SocketsDebugPart(host));
void view.start();
