/**
 * Sigma logsources on both sides of the telemetry question: which logs a rule reads, and which a
 * provider (or our own SIEM) ingests. A declared logsource is a constraint: every field it sets
 * must equal the rule's field (case-insensitive); fields it leaves out match anything, so
 * `{product: windows}` ingests every Windows rule and `{category: proxy}` every proxy rule.
 */
export interface Logsource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

const FIELDS = ['product', 'category', 'service'] as const;

export function logsourceMatches(constraint: Logsource, rule: Logsource): boolean {
  let constrained = false;
  for (const f of FIELDS) {
    const want = constraint[f];
    if (want === undefined) continue;
    constrained = true;
    if (rule[f]?.toLowerCase() !== want.toLowerCase()) return false;
  }
  return constrained;
}

export function ingests(declared: readonly Logsource[], rule: Logsource): boolean {
  return declared.some((d) => logsourceMatches(d, rule));
}

/** `product=windows category=process_creation`; stable field order for grouping and output. */
export function formatLogsource(l: Logsource): string {
  const parts = FIELDS.filter((f) => l[f] !== undefined).map((f) => `${f}=${l[f]!.toLowerCase()}`);
  return parts.length > 0 ? parts.join(' ') : '(no logsource)';
}

/**
 * The flag form `product=windows,category=process_creation` (also `product:windows`); undefined
 * when it is not of that form.
 */
export function parseLogsourceSpec(text: string): Logsource | undefined {
  const out: { product?: string; category?: string; service?: string } = {};
  for (const part of text.split(',')) {
    const m = /^\s*(product|category|service)\s*[=:]\s*([^\s=:,]+)\s*$/i.exec(part);
    if (!m) return undefined;
    const field = m[1]!.toLowerCase() as (typeof FIELDS)[number];
    if (out[field] !== undefined) return undefined;
    out[field] = m[2]!;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * ATT&CK platforms a Sigma logsource belongs to, from its product (and, for Azure, its service:
 * sign-in, audit, risk and PIM logs are Entra ID, i.e. the Identity Provider platform). Empty when
 * the logsource names no platform (proxy, web server, DNS, application logs): callers treat that
 * as "cannot tell", never as "not collected".
 */
export function platformsOfLogsource(l: Logsource): readonly string[] {
  const product = l.product?.toLowerCase();
  if (product === 'azure') {
    const service = l.service?.toLowerCase();
    if (service && ['signinlogs', 'auditlogs', 'riskdetection', 'pim'].includes(service)) return ['Identity Provider'];
    return ['IaaS'];
  }
  if (product === 'gcp' && l.service?.toLowerCase().startsWith('google_workspace')) return ['Office Suite'];
  return (product && PRODUCT_PLATFORMS[product]) || [];
}

const PRODUCT_PLATFORMS: Readonly<Record<string, readonly string[]>> = {
  windows: ['Windows'],
  rpc_firewall: ['Windows'],
  linux: ['Linux'],
  macos: ['macOS'],
  aws: ['IaaS'],
  gcp: ['IaaS'],
  m365: ['Office Suite'],
  okta: ['Identity Provider'],
  onelogin: ['Identity Provider'],
  github: ['SaaS'],
  bitbucket: ['SaaS'],
  kubernetes: ['Containers'],
  cisco: ['Network Devices'],
  fortigate: ['Network Devices'],
  fortios: ['Network Devices'],
  paloalto: ['Network Devices'],
  juniper: ['Network Devices'],
  huawei: ['Network Devices'],
  esxi: ['ESXi'],
};
