/**
 * Render rows as a left-aligned text table: columns separated by two spaces, padded to the
 * widest cell, no trailing spaces. Widths count code points. An empty header is left out.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = header.length > 0 ? [header, ...rows] : [...rows];
  if (all.length === 0) return '';
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...all.map((row) => width(row[column] ?? ''))),
  );
  return all
    .map((row) =>
      widths
        .map((w, column) => {
          const cell = row[column] ?? '';
          return cell + ' '.repeat(w - width(cell));
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function width(text: string): number {
  return [...text].length;
}
