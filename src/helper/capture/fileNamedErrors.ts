// A read or write by file descriptor fails with an errno but no path ("EIO: i/o error, write"), so
// a save that reads one file and writes another could not tell whose the failure was, and blamed
// the user's file for the recording's. Work on one file runs through these, which name it.

/** Runs `work` on `file`: an errno error it throws without a path is given `file` as its path. */
export function namingFile<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw named(file, error);
  }
}

/** `namingFile` for work that settles later. */
export async function namingFileAsync<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw named(file, error);
  }
}

function named(file: string, error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException | undefined;
  if (error instanceof Error && typeof errno?.code === 'string' && errno.path === undefined) errno.path = file;
  return error;
}
