/**
 * Whether to color terminal output. Colors only when writing to a terminal, never when NO_COLOR
 * is set to anything non-empty (https://no-color.org), never on a dumb terminal; FORCE_COLOR
 * (non-empty, not "0") turns them on for a non-terminal, e.g. a CI log viewer that renders ANSI,
 * but NO_COLOR still wins.
 */
export function useColor(stream: { readonly isTTY?: boolean | undefined }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
