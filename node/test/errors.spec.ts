import { expect } from 'chai'
import { ProtocolError } from '@parley/protocol'
import { IdentityChangedError, NodeError, RejectedContentError, RelayRequestError, failureKind } from '../src/errors.js'

describe('failureKind', () => {
  it('calls bad input final: it is acknowledged and never retried', () => {
    expect(failureKind(new ProtocolError('MALFORMED', 'x'))).to.equal('final')
    expect(failureKind(new ProtocolError('BAD_SIGNATURE', 'x'))).to.equal('final')
    expect(failureKind(new RejectedContentError('x'))).to.equal('final')
    expect(failureKind(new NodeError('NO_KEYS', 'x'))).to.equal('final')
    expect(failureKind(new RelayRequestError('NOT_FOUND', 'x'))).to.equal('final')
  })

  it('calls the network, the relay\'s load and anything unknown passing: left for the next fetch', () => {
    expect(failureKind(new NodeError('RELAY_UNREACHABLE', 'x'))).to.equal('passing')
    expect(failureKind(new NodeError('TIMEOUT', 'x'))).to.equal('passing')
    expect(failureKind(new RelayRequestError('RATE_LIMITED', 'x', 1000))).to.equal('passing')
    expect(failureKind(new RelayRequestError('INTERNAL', 'x'))).to.equal('passing')
    expect(failureKind(new IdentityChangedError('bob@relay.test'))).to.equal('passing')
    expect(failureKind(new Error('the disk is full'))).to.equal('passing')
    expect(failureKind(undefined)).to.equal('passing')
  })
})
