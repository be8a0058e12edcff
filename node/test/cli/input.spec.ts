import { expect } from 'chai'
import { isValidName } from '@parley/protocol'
import { emailProblem, nameProblem } from '../../src/cli/input.js'

describe('CLI input rules', () => {
  const RULE = /names are 1-32 characters: lowercase letters, digits, "\.", "_" and "-", starting with a letter or digit/

  it('accepts the names the relay accepts', () => {
    for (const name of ['alice', 'a', 'bob.smith', 'x_1-2', '0day', 'a'.repeat(32)]) {
      expect(isValidName(name)).to.equal(true)
      expect(nameProblem(name), name).to.equal(undefined)
    }
  })

  it('says what is wrong with a mistyped name, and the rule', () => {
    expect(nameProblem('Alice')).to.match(/lowercase: use "alice"/).and.match(RULE)
    expect(nameProblem('alice smith')).to.match(/has a space/).and.match(RULE)
    expect(nameProblem('a'.repeat(33))).to.match(/33 characters long/).and.match(RULE)
    expect(nameProblem('')).to.match(/empty/).and.match(RULE)
    expect(nameProblem('-alice')).to.match(/starts with "-"/).and.match(RULE)
    expect(nameProblem('al!ce')).to.match(/"!" cannot be part of a name/).and.match(RULE)
    expect(nameProblem('alice@relay')).to.match(/"@" cannot be part of a name/)
    expect(nameProblem('ÀLICE')).to.match(RULE)
  })

  it('says when an email address is not one', () => {
    for (const email of ['alice@example.org', 'a+b@x.y', 'root@localhost']) expect(emailProblem(email), email).to.equal(undefined)
    for (const email of ['alice', 'alice@', '@example.org', 'a b@example.org', 'a@b@c', 'a@.org', `${'a'.repeat(250)}@x.org`]) {
      expect(emailProblem(email), email).to.match(/is not an email address: it looks like name@example\.org/)
    }
  })
})
