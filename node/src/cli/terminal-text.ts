/**
 * Text that other people wrote (messages, names, refusals, a relay's error messages), made safe to
 * print on a terminal. A terminal obeys control characters: an escape sequence in a message could
 * clear the screen, rewrite earlier lines, set the window title or fake a line from someone else,
 * and bidi overrides can make text read differently from its bytes. So:
 * - C0 controls (U+0000-U+001F) and DEL are shown as their Unicode control pictures
 *   (ESC as ␛, CR as ␍, tab as ␉, U+0000 as ␀, DEL as ␡); a newline is kept only where `newlines`
 *   allows it, and then the next line is indented, so it cannot pass for a line of its own;
 * - C1 controls (U+0080-U+009F), bidi embeddings, overrides and isolates (U+202A-U+202E,
 *   U+2066-U+2069), bidi marks (U+200E, U+200F, U+061C) and the line and paragraph separators
 *   (U+2028, U+2029) are shown as `<U+XXXX>`.
 * Everything else is left as it is. `--json` output is never passed through this: JSON escapes
 * control characters itself and must stay exact.
 */

/** What replaces a newline inside a message shown on several lines. */
const CONTINUATION = '\n    '

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** The text with every control character neutralised (see above); `newlines` keeps line breaks as they are, or indents the line after each. */
export function forTerminal (text: string, options: { newlines?: 'keep' | 'indent' } = {}): string {
  return text.replace(UNSAFE, ch => {
    const cp = ch.codePointAt(0) as number
    if (ch === '\n' && options.newlines === 'keep') return '\n'
    if (ch === '\n' && options.newlines === 'indent') return CONTINUATION
    if (cp < 0x20) return String.fromCodePoint(0x2400 + cp)
    if (cp === 0x7f) return '\u2421'
    return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`
  })
}
