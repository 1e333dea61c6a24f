/** A path with each interpolated value URL-encoded: path`/warehouses/${code}`. */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce(
    (out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );
}

/** Every page of a cursor list, for the short lists of master data a desk shows whole. */
export async function allPages<T>(
  listPage: (query: {
    cursor?: string;
    limit?: number;
  }) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const page = await listPage({ cursor, limit: 500 });
    rows.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return rows;
}
