import { resolve } from 'node:path';
import { buildBaseline, renderBaseline } from '../../core/check/baseline.js';
import { coverageScopeFor } from '../../core/check/coverage-scope.js';
import { measureCoverage } from '../../core/check/measure-coverage.js';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import { CliError } from '../cli-error.js';
import type { BaselineWriteOptions } from '../commands/check-command.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeErrorReason } from '../io/write-error-reason.js';
import { displayPath } from './display-path.js';
import { prepareCheck } from './prepare-check.js';

export const DEFAULT_BASELINE_FILE = '.covmap-baseline.json';

/**
 * `covmap baseline write`: records which rules cover which technique now (and the threat
 * profile's techniques), for `covmap check --baseline`. Rule keys are relative to the config's
 * directory, so the file is the same whichever directory it is written from.
 */
export async function runBaselineWrite(paths: readonly string[], options: BaselineWriteOptions): Promise<ExitCode> {
  const cwd = process.cwd();
  const prepared = await prepareCheck(paths, options, cwd);
  if ('configFindings' in prepared) {
    for (const f of prepared.configFindings) process.stderr.write(`covmap: ${formatFinding(f)}\n`);
    process.stderr.write(`covmap: invalid configuration in ${prepared.configFile}; no baseline written\n`);
    return exitCodeFor({ usageError: true, failing: prepared.configFindings.length });
  }
  const { config, index, root, rebasedScan } = prepared;

  // The profile's techniques as `check` measures them (inside the universe), so the next check
  // can tell techniques new in the profile from old gaps.
  let profile: { query: readonly string[]; techniques: readonly string[] } | undefined;
  const { scope } = coverageScopeFor(config, index, { inhouse: prepared.inhouse, year: prepared.year });
  if (config?.profile && scope.profile) {
    profile = { query: config.profile, techniques: measureCoverage(rebasedScan, index, scope).profileTechniques ?? [] };
  }
  const baseline = buildBaseline(rebasedScan, profile);

  const path = options.output !== undefined ? resolve(cwd, options.output) : resolve(root, config?.baseline ?? DEFAULT_BASELINE_FILE);
  try {
    writeFileAtomic(path, renderBaseline(baseline));
  } catch (error) {
    throw new CliError(`cannot write ${displayPath(path, cwd)}: ${writeErrorReason(error)}`);
  }
  const techniques = Object.keys(baseline.techniques).length;
  const rules = Object.keys(baseline.rules).length;
  const { files } = rebasedScan;
  process.stdout.write(
    `covmap baseline: wrote ${displayPath(path, cwd)}: ${techniques} technique${techniques === 1 ? '' : 's'} covered by ${rules} rule${rules === 1 ? '' : 's'} (ATT&CK ${baseline.attack.domain} ${baseline.attack.version}; ${files.found} files, ${files.errored} errored)\n`,
  );
  return exitCodeFor({ usageError: false, failing: 0 });
}
