import { describe, expect, it } from 'vitest';
import { formatLogsource, ingests, logsourceMatches, parseLogsourceSpec, platformsOfLogsource } from '../../core/scope/logsource.js';

describe('logsources', () => {
  it('a declared logsource constrains only the fields it sets, case-insensitively', () => {
    expect(logsourceMatches({ product: 'windows' }, { product: 'Windows', category: 'process_creation' })).toBe(true);
    expect(logsourceMatches({ product: 'windows', category: 'process_creation' }, { product: 'windows', category: 'file_event' })).toBe(false);
    expect(logsourceMatches({ category: 'proxy' }, { category: 'proxy' })).toBe(true);
    expect(logsourceMatches({}, { product: 'windows' })).toBe(false);
    expect(ingests([{ product: 'linux' }, { product: 'aws', service: 'cloudtrail' }], { product: 'aws', service: 'cloudtrail' })).toBe(true);
    expect(ingests([{ product: 'linux' }], { product: 'aws', service: 'cloudtrail' })).toBe(false);
  });

  it('formats in a fixed field order and parses the flag form', () => {
    expect(formatLogsource({ service: 'cloudtrail', product: 'AWS' })).toBe('product=aws service=cloudtrail');
    expect(formatLogsource({})).toBe('(no logsource)');
    expect(parseLogsourceSpec('product=windows,category=process_creation')).toEqual({ product: 'windows', category: 'process_creation' });
    expect(parseLogsourceSpec('service:cloudtrail')).toEqual({ service: 'cloudtrail' });
    expect(parseLogsourceSpec('windows')).toBeUndefined();
    expect(parseLogsourceSpec('product=a,product=b')).toBeUndefined();
  });

  it('maps Sigma products to ATT&CK platforms', () => {
    expect(platformsOfLogsource({ product: 'windows', category: 'process_creation' })).toEqual(['Windows']);
    expect(platformsOfLogsource({ product: 'aws', service: 'cloudtrail' })).toEqual(['IaaS']);
    expect(platformsOfLogsource({ product: 'azure', service: 'signinlogs' })).toEqual(['Identity Provider']);
    expect(platformsOfLogsource({ product: 'azure', service: 'activitylogs' })).toEqual(['IaaS']);
    expect(platformsOfLogsource({ product: 'okta' })).toEqual(['Identity Provider']);
    expect(platformsOfLogsource({ category: 'proxy' })).toEqual([]);
  });
});
