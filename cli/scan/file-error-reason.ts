/**
 * Why a rule file or directory could not be read, in the words scan findings carry as `reason`
 * (the path is already in the finding): discovery and reading share them.
 */
export function fileErrorReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (error instanceof Error ? error.message : String(error));
}
