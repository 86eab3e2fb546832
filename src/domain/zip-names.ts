/**
 * Names for the members of a bundle's zip: one path component each (a stored
 * filename may hold `/` or `\`, which would make a folder or climb out of one),
 * and unique, ignoring case, so extracting on any system keeps every file:
 * the second `a.txt` becomes `a (2).txt`.
 */
export function uniqueZipNames(filenames: readonly string[]): string[] {
  const taken = new Set<string>();
  return filenames.map((filename) => {
    let base = filename.replace(/[/\\]/g, '_');
    if (base === '' || base === '.' || base === '..') base = '_';
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem} (${n})${ext}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
