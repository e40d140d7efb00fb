/**
 * Why an output file could not be written, in words: Node's codes alone ("EEXIST" when a parent
 * of the path is a file, "EISDIR") do not tell the user what to change.
 */
export function writeErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EISDIR':
      return 'it is a directory; give a file name';
    case 'EEXIST':
    case 'ENOTDIR':
      // mkdir of the parent hit a file (EEXIST), or a file sits in the middle of the path.
      return 'a parent of it is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'it is a loop of symbolic links';
    default:
      return code ?? (error as Error).message;
  }
}
