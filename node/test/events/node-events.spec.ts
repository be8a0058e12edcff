import { expect } from 'chai'
import { NodeEvents, type Logger, type NodeEvent } from '../../src/events.js'

function recordingLogger (): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, error: (message, err) => { lines.push(`${message}: ${err instanceof Error ? err.message : String(err)}`) } }
}

describe('NodeEvents', () => {
  it('hands each event to the listeners of every event and of its type only', () => {
    const events = new NodeEvents(recordingLogger())
    const all: string[] = []
    const messages: string[] = []
    const warnings: string[] = []
    events.on(e => all.push(e.type))
    events.on('message', e => messages.push(e.message.id))
    const off = events.on('warning', e => warnings.push(e.message))
    events.emit({ type: 'warning', message: 'one' })
    off()
    events.emit({ type: 'warning', message: 'two' })
    events.emit({ type: 'connection', state: { status: 'dialing', relay: 'relay.test' } })
    expect(all).to.deep.equal(['warning', 'warning', 'connection'])
    expect(warnings).to.deep.equal(['one'])
    expect(messages).to.deep.equal([])
  })

  it('reports a listener that throws as an error event, and still reaches the others', () => {
    const logger = recordingLogger()
    const events = new NodeEvents(logger)
    const reached: string[] = []
    const errors: Array<NodeEvent & { type: 'error' }> = []
    events.on('warning', () => { throw new Error('listener broke') })
    events.on('warning', e => reached.push(e.message))
    events.on('error', e => errors.push(e))
    events.emit({ type: 'warning', message: 'hello' })
    expect(reached).to.deep.equal(['hello'])
    expect(errors).to.have.length(1)
    expect((errors[0]?.error as Error).message).to.equal('listener broke')
    expect(errors[0]?.event).to.deep.equal({ type: 'warning', message: 'hello' })
    expect(logger.lines).to.deep.equal([])
  })

  it('logs a listener error when nobody listens to errors, or the error listener throws too', () => {
    const logger = recordingLogger()
    const events = new NodeEvents(logger)
    events.on('held', () => { throw new Error('first') })
    events.emit({ type: 'held', messageId: 'ab', address: 'alice@relay.test', count: 1 })
    events.on('error', () => { throw new Error('second') })
    events.emit({ type: 'held', messageId: 'cd', address: 'alice@relay.test', count: 2 })
    expect(logger.lines).to.deep.equal([
      "a listener of 'held' events failed: first",
      "a listener of 'held' events failed: second"
    ])
  })

  it('announces nothing once closed', () => {
    const events = new NodeEvents(recordingLogger())
    const seen: string[] = []
    events.on(e => seen.push(e.type))
    events.close()
    events.emit({ type: 'disconnected' })
    expect(seen).to.deep.equal([])
  })

  it('refuses a listener that is not a function', () => {
    const events = new NodeEvents(recordingLogger())
    expect(() => events.on('message', undefined as any)).to.throw(TypeError, 'listener')
  })
})
