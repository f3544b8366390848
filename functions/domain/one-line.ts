/**
 * Text that must show as one line (a Subject, sent or received): line breaks, line and
 * paragraph separators and other control characters become single spaces.
 */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
