// How capture/save answers a save that failed: the user's file refused by the system (an errno
// naming it, from opening or writing it: fileNamedErrors names writes by descriptor) is
// FileNotWritten with that code, which the extension says in words as it says every other save;
// anything else (nothing recorded, the recording itself unreadable) keeps its own message, with the
// file it names.
import { ResponseError } from 'vscode-jsonrpc/node';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { FileNotWrittenData } from '../../shared/helperProtocol';

/** The error answer for a capture/save to `file` whose work threw `error`. */
export function saveError(file: string, error: unknown): ResponseError<FileNotWrittenData | void> {
  const message = error instanceof Error ? error.message : String(error);
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && path === file) {
    return new ResponseError<FileNotWrittenData>(HelperErrorCode.FileNotWritten, message, { code });
  }
  const named = path && !message.includes(path) ? `${message} (${path})` : message;
  return new ResponseError(HelperErrorCode.InternalError, named);
}
