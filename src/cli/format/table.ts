// A small formatter rather than a table library: kubectl-style tables are plain aligned columns
// (no borders, no wrapping), which is all this CLI prints, and it keeps `evictkit` free of a
// dependency and of its load time.

/**
 * Render rows as a text table: columns separated by two spaces, padded to the widest cell, no
 * trailing spaces. Widths count code points and ignore ANSI colour codes. Columns listed in
 * `right` are right-aligned. An empty header is left out.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { right?: readonly number[] } = {},
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
          const pad = ' '.repeat(w - width(cell));
          return options.right?.includes(column) ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

/** Display width: code points, colour codes excluded. */
export function width(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Indent every non-empty line by two spaces (a table under a heading). */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
