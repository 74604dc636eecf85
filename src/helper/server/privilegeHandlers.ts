import { ResponseError } from 'vscode-jsonrpc/node';
import { onRequest0 } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { privilegeStatus } from '../privilege/captureAccess';
import { GrantError, runGrant } from '../privilege/grantCapture';
import type { GrantMode } from '../privilege/grantCapture';
import {
  HelperErrorCode,
  PrivilegeGrantRequest,
  PrivilegeRevokeRequest,
  PrivilegeStatusRequest,
} from '../../shared/helperProtocol';
import type { PrivilegeStatus } from '../../shared/model/privilege';

/** Serves `privilege/status`, `privilege/grant` and `privilege/revoke`. */
export function registerPrivilegeHandlers(context: ServerContext, status = privilegeStatus, grant = runGrant): void {
  onRequest0(context, PrivilegeStatusRequest.type, () => status());
  const change = async (mode: GrantMode, signal: AbortSignal): Promise<PrivilegeStatus> => {
    try {
      const report = await grant(mode, signal);
      context.logger.log('info', `capture permission: ${report || mode}`);
    } catch (error) {
      if (error instanceof GrantError) throw new ResponseError(HelperErrorCode.GrantFailed, error.message);
      throw error;
    }
    return status();
  };
  onRequest0(context, PrivilegeGrantRequest.type, (signal) => change('grant', signal));
  onRequest0(context, PrivilegeRevokeRequest.type, (signal) => change('revoke', signal));
}
