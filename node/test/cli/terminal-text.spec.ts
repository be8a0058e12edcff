import { expect } from 'chai'
import { forTerminal } from '../../src/cli/terminal-text.js'

describe('forTerminal', () => {
  it('shows C0 controls and DEL as control pictures', () => {
    expect(forTerminal('a\u001b[2Jb')).to.equal('a\u241b[2Jb')
    expect(forTerminal('\u0000\u0007\t\r\u007f')).to.equal('\u2400\u2407\u2409\u240d\u2421')
    expect(forTerminal('x\u001b]0;owned\u0007')).to.equal('x\u241b]0;owned\u2407')
  })

  it('shows C1 controls, bidi overrides, isolates, marks and separators as <U+XXXX>', () => {
    expect(forTerminal('\u009b31m')).to.equal('<U+009B>31m')
    expect(forTerminal('abc\u202edcb')).to.equal('abc<U+202E>dcb')
    for (const ch of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029', '\u0085']) {
      expect(forTerminal(ch), ch.codePointAt(0)?.toString(16)).to.match(/^<U\+[0-9A-F]{4}>$/)
    }
  })

  it('leaves every other character as it is', () => {
    const text = 'héllo wörld, 你好, مرحبا, emoji 🎉, a\\u001b that was typed, ␛ typed too'
    expect(forTerminal(text)).to.equal(text)
    for (let cp = 0x20; cp < 0x7f; cp++) expect(forTerminal(String.fromCharCode(cp))).to.equal(String.fromCharCode(cp))
  })

  it('shows a newline as ␊, keeps it, or indents the line after it', () => {
    expect(forTerminal('one\ntwo')).to.equal('one\u240atwo')
    expect(forTerminal('one\ntwo', { newlines: 'keep' })).to.equal('one\ntwo')
    expect(forTerminal('one\n[2026-01-01 00:00:00] bob: fake', { newlines: 'indent' })).to.equal('one\n    [2026-01-01 00:00:00] bob: fake')
  })

  it('is idempotent: neutralised text is left as it is', () => {
    const once = forTerminal('\u001b[31m\u202e\u0085x')
    expect(forTerminal(once)).to.equal(once)
  })
})
