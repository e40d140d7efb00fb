import { InvalidArgumentError } from 'commander';
import { ATTACK_DOMAINS, type AttackDomain } from '../../core/attack/catalog.js';

/** `--domain enterprise-attack`, or the short `enterprise` / `mobile` / `ics`. */
export function parseDomainOption(value: string): AttackDomain {
  const v = value.trim().toLowerCase();
  const domain = (v.endsWith('-attack') ? v : `${v}-attack`) as AttackDomain;
  if (!ATTACK_DOMAINS.includes(domain)) {
    throw new InvalidArgumentError(`expected one of ${ATTACK_DOMAINS.join(', ')} (or enterprise, mobile, ics)`);
  }
  return domain;
}
