// The destination form's custom headers, typed one per line as "Name: value" (as curl -H takes them).

/**
 * "Name: value" lines → {name: value}, split at the first colon (a value may hold colons: a URL, a
 * Basic credential). Blank lines are skipped. A line without a colon is not guessed at: its number is
 * returned in `invalidLines` (1-based) for the form to point at, never its text (it may be a pasted token).
 */
export function parseHeaderLines(text: string): { headers: Record<string, string>; invalidLines: number[] } {
  const headers: Record<string, string> = {};
  const invalidLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const i = line.indexOf(":");
    if (i === -1) invalidLines.push(index + 1);
    else headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  });
  return { headers, invalidLines };
}
