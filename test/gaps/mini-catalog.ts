import type { Catalog, Technique } from '../../core/attack/catalog.js';
import type { RuleRecord, ScanReport } from '../../core/scan/scan-report.js';

/**
 * A hand-made ATT&CK catalog small enough to reason about every expected number: 4 tactics,
 * 9 active techniques (3 parents with sub-techniques), one revoked technique with a replacement,
 * one revoked without, one deprecated; two groups, a campaign and a tool for profiles and
 * prevalence. The analysis tests derive their expectations from this by hand.
 */
export function miniCatalog(): Catalog {
  const t = (id: string, name: string, tactics: string[], platforms: string[], extra: Partial<Technique> = {}): Technique => ({
    id,
    name,
    tactics,
    platforms,
    ...(id.includes('.') ? { parent: id.split('.')[0]! } : {}),
    url: `https://attack.mitre.org/techniques/${id.replace('.', '/')}`,
    deprecated: false,
    revoked: false,
    ...extra,
  });
  return {
    format: 1,
    domain: 'enterprise-attack',
    version: '18.1',
    modified: '2025-01-01T00:00:00.000Z',
    specVersion: '3.2.0',
    tactics: [
      { id: 'TA0002', shortname: 'execution', name: 'Execution' },
      { id: 'TA0003', shortname: 'persistence', name: 'Persistence' },
      { id: 'TA0005', shortname: 'defense-evasion', name: 'Defense Evasion' },
      { id: 'TA0040', shortname: 'impact', name: 'Impact' },
    ],
    techniques: [
      t('T1053', 'Scheduled Task/Job', ['execution', 'persistence'], ['Windows', 'Linux']),
      t('T1053.005', 'Scheduled Task', ['execution', 'persistence'], ['Windows']),
      t('T1059', 'Command and Scripting Interpreter', ['execution'], ['Windows', 'Linux', 'macOS']),
      t('T1059.001', 'PowerShell', ['execution'], ['Windows']),
      t('T1059.004', 'Unix Shell', ['execution'], ['Linux', 'macOS']),
      t('T1064', 'Scripting', ['execution'], ['Windows'], { deprecated: true }),
      t('T1086', 'PowerShell', ['execution'], ['Windows'], { revoked: true, replacedBy: 'T1059.001' }),
      t('T1486', 'Data Encrypted for Impact', ['impact'], ['Windows', 'Linux']),
      t('T1490', 'Inhibit System Recovery', ['impact'], ['Windows']),
      t('T1500', 'Compile After Delivery', ['defense-evasion'], ['Windows'], { revoked: true }),
      t('T1562', 'Impair Defenses', ['defense-evasion'], ['Windows', 'Linux', 'IaaS']),
      t('T1562.008', 'Disable or Modify Cloud Logs', ['defense-evasion'], ['IaaS']),
    ],
    groups: [
      { id: 'G0001', name: 'Alpha', aliases: ['Alpha', 'Red Alpha'], techniques: ['T1059.001', 'T1486'], software: ['S0001'], techniquesViaSoftware: ['T1490'] },
      { id: 'G0002', name: 'Beta', aliases: ['Beta', 'Beta Bear'], techniques: ['T1053.005', 'T1490'], software: [], techniquesViaSoftware: [] },
    ],
    campaigns: [{ id: 'C0001', name: 'Operation Cloudy', aliases: [], techniques: ['T1562.008'], software: [], techniquesViaSoftware: [] }],
    software: [{ id: 'S0001', name: 'Wiper', type: 'tool', aliases: ['Wiper'], platforms: ['Windows'], techniques: ['T1490'] }],
    mitigations: [],
    dataSources: [],
    dataComponents: [],
    detectionStrategies: [],
    analytics: [],
    assets: [],
    validation: { objects: 0, accepted: 0, rejected: [] },
  };
}

/** A rule record as `covmap scan` writes it, with only what the gap analysis reads. */
export function rule(
  key: string,
  logsource: RuleRecord['logsource'] | undefined,
  techniques: string[],
  options: { level?: string; included?: boolean; kind?: RuleRecord['kind'] } = {},
): RuleRecord {
  return {
    key,
    file: key,
    line: 1,
    column: 1,
    kind: options.kind ?? 'detection',
    title: key,
    ...(options.level ? { level: options.level } : {}),
    ...(logsource ? { logsource } : {}),
    tags: techniques.map((id, i) => ({ value: `attack.${id.toLowerCase()}`, line: 5 + i, column: 7 })),
    techniques: [...techniques].sort(),
    tactics: [],
    coverageFrom: techniques.length > 0 ? 'tags' : 'none',
    included: options.included ?? true,
  };
}

export function scanReport(rules: RuleRecord[]): ScanReport {
  return {
    schema: 'covmap/scan@1',
    attack: { domain: 'enterprise-attack', version: '18.1' },
    options: { score: 'count', subtechniques: true, tactics: 'all' },
    files: { found: rules.length, parsed: rules.length, skipped: 0, errored: 0 },
    fileResults: rules.map((r) => ({ file: r.file, status: 'parsed' as const, rules: 1 })),
    rules,
    techniques: [],
    diagnostics: [],
  };
}
