import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the gaps area. Codes are stable API: never rename, only add. */
const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const plural = (n: unknown, one: string, many: string): string => `${String(n)} ${Number(n) === 1 ? one : many}`;

export const gapsFindings = {
  GAPS_INHOUSE_HOURS_ASSUMED: {
    severity: 'note',
    title: 'In-house hours assumed 24x7',
    help: 'No SOC hours were given (--soc-hours or the inhouse section of .covmap.yml), so in-house detections are assumed to be watched around the clock.',
    message: () => 'no in-house SOC hours given; assumed 24x7 (use --soc-hours "Mon-Fri 08:00-18:00 Europe/Amsterdam")',
  },
  GAPS_RULES_NOT_COLLECTED: {
    severity: 'warning',
    title: 'Rules on telemetry we do not collect',
    help: 'These in-house rules read a Sigma logsource outside the platforms and logsources of the in-house profile; a rule on data nobody collects detects nothing, so they do not count as coverage.',
    message: (d) =>
      `${plural(d.rules, 'rule reads', 'rules read')} ${String(d.logsource)}, which the in-house profile does not collect; not counted (techniques: ${list(d.techniques) || 'none'})`,
  },
  GAPS_RULES_NOT_INGESTED: {
    severity: 'note',
    title: 'Provider does not ingest a logsource our rules need',
    help: 'The provider declares its telemetry, and none of it delivers the Sigma logsource these in-house rules read: the provider could not run or replace them.',
    message: (d) => `${String(d.provider)} ingests no ${String(d.logsource)} telemetry: ${plural(d.rules, 'in-house rule', 'in-house rules')} it could not run (techniques: ${list(d.techniques) || 'none'})`,
  },
  GAPS_PROFILE_AMBIGUOUS: {
    severity: 'note',
    title: 'Threat profile name matches several objects',
    help: 'A --profile name matched more than one group, campaign or software (e.g. a group and a tool of the same name); all of them are used.',
    message: (d) => `profile "${String(d.query)}" matches ${list(d.matches)}; using all of them`,
  },
  GAPS_OUTSIDE_UNIVERSE: {
    severity: 'note',
    title: 'Coverage outside the analysed universe',
    help: 'A source covers techniques that are not in the universe (filtered out by --platform, or deprecated); they are not counted.',
    message: (d) => {
      const why = [Number(d.filtered) ? `${String(d.filtered)} not on the --platform platforms` : '', Number(d.deprecated) ? `${String(d.deprecated)} deprecated` : '']
        .filter(Boolean)
        .join(', ');
      return `${String(d.source)}: ${plural(d.count, 'covered technique is', 'covered techniques are')} outside the universe (${why}) and not counted`;
    },
  },
  GAPS_REASON_IN_PROFILE: {
    severity: 'note',
    title: 'In the threat profile',
    help: 'A group, campaign or software of the --profile uses the technique (directly or through its software).',
    message: (d) => `used by the threat profile: ${list(d.actors)}`,
  },
  GAPS_REASON_PREVALENCE: {
    severity: 'note',
    title: 'Prevalence in ATT&CK',
    help: 'How many ATT&CK groups and software use the technique: a prevalence signal from the data itself.',
    message: (d) =>
      Number(d.groups) + Number(d.software) === 0
        ? 'no ATT&CK group or software is recorded using it'
        : `used by ${plural(d.groups, 'group', 'groups')} and ${plural(d.software, 'software', 'software')} in ATT&CK (rank ${String(d.rank)} of ${String(d.of)} gaps by prevalence)`,
  },
  GAPS_REASON_VIA_SUBTECHNIQUES: {
    severity: 'note',
    title: 'Partly covered through sub-techniques',
    help: 'The parent technique has no direct coverage, but some of its sub-techniques do.',
    message: (d) => `no direct coverage, but sub-techniques are covered: ${list(d.subtechniques)}`,
  },
  GAPS_REASON_NO_TELEMETRY: {
    severity: 'note',
    title: 'No source sees its platforms',
    help: 'None of the sources that declare platforms (the in-house profile, provider telemetry) sees any platform the technique applies to.',
    message: (d) => `no source collects telemetry from its platforms (${list(d.platforms)})`,
  },
  GAPS_REASON_PROVIDER_EXCLUDED: {
    severity: 'note',
    title: 'Excluded by a provider contract',
    help: 'A provider scope lists the technique (or all of its platforms or tactics) as excluded.',
    message: (d) => `excluded by ${String(d.provider)}${d.reason ? `: ${String(d.reason)}` : ''}`,
  },
  GAPS_REASON_PROVIDER_ROADMAP: {
    severity: 'note',
    title: 'On a provider roadmap',
    help: 'A provider scope lists the technique as roadmap: not covered yet.',
    message: (d) => `on the roadmap of ${String(d.provider)}${d.planned ? ` (planned ${String(d.planned)})` : ''}`,
  },
  GAPS_REASON_PROTECT_ONLY: {
    severity: 'note',
    title: 'Protected but not detected',
    help: 'A provider maps only protect capabilities to the technique: it may be prevented, but nothing raises an alert.',
    message: (d) => `${String(d.provider)} only protects against it (${list(d.capabilities) || 'protect'}); no detection`,
  },
  GAPS_REASON_RULES_NOT_COLLECTED: {
    severity: 'note',
    title: 'In-house rules on uncollected telemetry',
    help: 'In-house rules exist for the technique, but read logs the in-house profile does not collect.',
    message: (d) => `${plural(d.rules, 'in-house rule exists', 'in-house rules exist')} but ${Number(d.rules) === 1 ? 'reads' : 'read'} telemetry we do not collect`,
  },
  GAPS_REASON_NOT_24X7: {
    severity: 'note',
    title: 'Not watched around the clock',
    help: 'The technique is covered, but only during some hours of the week (hours in UTC, watched in every week of the year).',
    message: (d) => `covered but watched only ${String(d.watched)} of 168 hours a week (by ${list(d.by)})`,
  },
  GAPS_REASON_PROVIDER_UNBACKED: {
    severity: 'note',
    title: 'Provider coverage without telemetry',
    help: 'A provider declares coverage, but none of its telemetry sources sees the technique\'s platforms.',
    message: (d) => `${String(d.provider)} declares coverage but ingests nothing from its platforms (${list(d.platforms)})`,
  },
} satisfies FindingTable;
