// A file the user chose in a save dialog could not be written: the error said in words, with the
// file and what to do, where Node's own ("EROFS: read-only file system, open '…'") names a system
// call the user never made.
import { ResponseError } from 'vscode-jsonrpc/node';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { FileNotWrittenData } from '../../shared/helperProtocol';
import { WebviewRequestError } from '../../shared/webviewTransport';

/** strerror's words for what a save meets, without the errno name. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EFBIG: 'the file is too large for its file system',
  EIO: 'input/output error',
};

/** The error a view shows when saving `what` (e.g. "the map") to `file` failed with `error`. */
export function saveFailure(what: string, file: string, error: unknown): WebviewRequestError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  return new WebviewRequestError(
    `Could not save ${what} to ${file}: ${reason}.`,
    full ? 'Free some space, or choose another folder.' : 'Choose a folder you can write to.',
  );
}

/**
 * A file the helper was asked to write (capture/save) said as `saveFailure` says one the extension
 * wrote: its FileNotWritten answer carries the errno; any other error comes back as it was.
 */
export function helperSaveFailure(what: string, file: string, error: unknown): unknown {
  if (!(error instanceof ResponseError) || error.code !== Number(HelperErrorCode.FileNotWritten)) return error;
  const { code } = (error.data ?? {}) as Partial<FileNotWrittenData>;
  return saveFailure(what, file, Object.assign(new Error(error.message), { code }));
}
