/** Report and file-name id for a source: "Example MDR B.V." -> "example-mdr-b-v". */
export function sourceSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'provider' : slug.slice(0, 60).replace(/-+$/, '');
}
