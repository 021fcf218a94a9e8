// Route segment values: Next.js may hand them over still percent-encoded; decode once, safely.
export function decodeSegment(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
