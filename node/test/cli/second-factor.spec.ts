import { expect } from 'chai'
import { secondFactorFrom } from '../../src/cli/second-factor.js'

describe('secondFactorFrom', () => {
  it('reads six digits, spaces allowed, as an authenticator code', () => {
    expect(secondFactorFrom('123456')).to.deep.equal({ totpCode: '123456' })
    expect(secondFactorFrom(' 123 456 ')).to.deep.equal({ totpCode: '123456' })
  })

  it('reads anything else as a recovery code, even one made only of digits', () => {
    expect(secondFactorFrom('ABCDE-FGH23')).to.deep.equal({ recoveryCode: 'ABCDE-FGH23' })
    expect(secondFactorFrom('23456-78923')).to.deep.equal({ recoveryCode: '23456-78923' })
    expect(secondFactorFrom('12345')).to.deep.equal({ recoveryCode: '12345' })
  })

  it('gives nothing for an empty or blank entry', () => {
    expect(secondFactorFrom('')).to.equal(undefined)
    expect(secondFactorFrom('   ')).to.equal(undefined)
  })
})
