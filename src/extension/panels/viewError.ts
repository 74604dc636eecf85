// A failed webview request as the view shows it: the message, with the fix when one is known.
import { ResponseError } from 'vscode-jsonrpc/node';
import { WebviewRequestError } from '../../shared/webviewTransport';
import { UserFacingError, errorMessage } from '../userFacingError';

/** The error to answer a view's request with. */
export function viewError(error: unknown): WebviewRequestError {
  if (error instanceof WebviewRequestError) return error;
  if (error instanceof UserFacingError) return new WebviewRequestError(error.message, fixOf(error));
  if (error instanceof ResponseError) return new WebviewRequestError(error.message, fixFromData(error.data));
  return new WebviewRequestError(errorMessage(error));
}

function fixOf(error: UserFacingError): string | undefined {
  const action = error.action;
  return action?.kind === 'openSetting' ? `Change the setting ${action.setting}.` : undefined;
}

/** A CaptureUnavailable error carries the CaptureStatus, whose problem names the fix. */
function fixFromData(data: unknown): string | undefined {
  const fix = (data as { problem?: { fix?: unknown } } | undefined)?.problem?.fix;
  return typeof fix === 'string' ? fix : undefined;
}
