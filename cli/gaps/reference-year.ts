/**
 * The year the hours masks are computed for (time zone offsets, daylight saving time): the year of
 * SOURCE_DATE_EPOCH when set (the reproducible-builds convention, for byte-identical reports), else
 * the current year in UTC.
 */
export function referenceYear(env: Readonly<Record<string, string | undefined>>, now: Date = new Date()): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).getUTCFullYear();
  return now.getUTCFullYear();
}
