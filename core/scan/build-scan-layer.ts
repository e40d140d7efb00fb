import type { Catalog } from '../attack/catalog.js';
import type { NavigatorLayerInput, NavigatorTechnique } from '../render/render-navigator-layer.js';
import type { ScanReport, ScoreFunction } from './scan-report.js';

/** sigma-cli's default colours: transparent white for 0, red for the maximum. */
export const SCAN_LAYER_COLORS = ['#ffffff00', '#ff0000'] as const;

const SCORE_WORDS: Readonly<Record<ScoreFunction, string>> = {
  count: 'number of rules',
  max: 'highest rule level (1 informational ... 5 critical)',
  level: 'sum of rule level weights (1/2/4/8/12)',
};

/** What a score of 0 means: under `max`, rules without a level score 0 (as in sigma-cli). */
const ZERO_WORDS: Readonly<Record<ScoreFunction, string>> = {
  count: 'no rules',
  max: 'no coverage, or only rules without a level',
  level: 'no coverage',
};

/**
 * The Navigator layer of a scan: one entry per (technique, tactic) with direct coverage, scored by
 * the report's score function, with the covering rules' titles as metadata. The gradient's maximum
 * is the highest technique score (sigma-cli also counts tactic tags there, which inflates it).
 */
export function buildScanLayer(report: ScanReport, catalog: Catalog): NavigatorLayerInput {
  const titles = new Map(report.rules.map((r) => [r.key, r.title]));
  const entries: NavigatorTechnique[] = [];
  let max = 0;
  for (const t of report.techniques) {
    if (t.rules.length === 0) continue; // covered only through sub-techniques: not scored itself
    const perTactic = t.perTactic ?? t.tactics.map((tactic) => ({ tactic, rules: t.rules, score: t.score }));
    for (const p of perTactic) {
      max = Math.max(max, p.score);
      const ruleTitles = p.rules.map((k) => titles.get(k) ?? k).sort();
      entries.push({
        techniqueID: t.id,
        tactic: p.tactic,
        score: p.score,
        comment: `${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}${t.viaSubtechniques.length > 0 ? `; sub-techniques covered: ${t.viaSubtechniques.join(', ')}` : ''}`,
        enabled: true,
        metadata: ruleTitles.map((title) => ({ name: 'rule', value: title })),
        ...(t.viaSubtechniques.length > 0 && !t.id.includes('.') ? { showSubtechniques: true } : {}),
      });
    }
  }
  const { options } = report;
  const counted = report.rules.filter((r) => r.included && r.techniques.length > 0).length;
  const filters = [
    options.minStatus ? `status >= ${options.minStatus}` : '',
    options.minLevel ? `level >= ${options.minLevel}` : '',
    options.subtechniques ? '' : 'sub-techniques folded into their parents',
    options.tactics === 'tagged' ? "techniques counted only under the rule's own tactic tags" : '',
  ].filter(Boolean);
  return {
    name: `covmap Sigma coverage (${options.score})`,
    description:
      `Sigma rule coverage by covmap: ${counted} rules with ATT&CK techniques from ${report.files.parsed} files; ` +
      `score: ${SCORE_WORDS[options.score]}; ATT&CK ${report.attack.domain} ${report.attack.version}` +
      (filters.length > 0 ? `; ${filters.join('; ')}` : ''),
    domain: catalog.domain,
    attackVersion: catalog.version,
    techniques: entries,
    gradient: { colors: [...SCAN_LAYER_COLORS], minValue: 0, maxValue: max },
    legendItems: [
      { label: `0: ${ZERO_WORDS[options.score]}`, color: SCAN_LAYER_COLORS[0] },
      // With no score above 0 the renderer still draws a scale up to 1 (Navigator needs max > min).
      { label: `${Math.max(max, 1)}: ${SCORE_WORDS[options.score]}${max > 0 ? ' (highest)' : ''}`, color: SCAN_LAYER_COLORS[1] },
    ],
    tacticOrder: catalog.tactics.map((t) => t.shortname),
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
  };
}
