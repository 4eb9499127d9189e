/** A file-name-safe slug: lower-case letters, digits and dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug === '' ? 'unnamed' : slug;
}

/** Hands out slugs, suffixing `-2`, `-3`… when two names slug alike. */
export class SlugAllocator {
  private readonly taken = new Set<string>();

  take(name: string): string {
    const base = slugify(name);
    let slug = base;
    for (let n = 2; this.taken.has(slug); n++) slug = `${base}-${n}`;
    this.taken.add(slug);
    return slug;
  }
}
