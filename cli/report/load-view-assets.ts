import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { PACKAGE_ROOT } from '../io/project-paths.js';

export interface ViewAssets {
  readonly script: string;
  readonly style: string;
}

/** Where `vite build` puts the view (see vite.config.ts). */
export const VIEW_DIR = join(PACKAGE_ROOT, 'dist', 'web');

export async function loadViewAssets(dir: string = VIEW_DIR): Promise<ViewAssets> {
  try {
    const [script, style] = await Promise.all([readFile(join(dir, 'covmap-view.js'), 'utf8'), readFile(join(dir, 'covmap-view.css'), 'utf8')]);
    return { script, style };
  } catch {
    throw new CliError(`the web view is not built (${dir} has no covmap-view.js/.css): run \`npm run build\``);
  }
}
