import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import type { GroupMember, RelayDb } from '../src/store.js'
import { makeTempDir, openDb, removeTempDir, wrapBatches } from './helpers.js'

describe('RelayDb', () => {
  let dir: string | undefined
  let db: RelayDb
  let calls: Array<{ ops: unknown[], options: unknown }>
  let written: number[]

  beforeEach(async () => {
    dir = await makeTempDir('store')
    db = await openDb(dir)
    calls = []
    written = []
    // Record every real batch and when it finished, without changing what it does.
    wrapBatches(db, original => async (ops, options) => {
      calls.push({ ops, options })
      await original(ops, options)
      written.push(calls.length)
    })
  })

  afterEach(async () => {
    if (db.level.status === 'open') await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  describe('commit', () => {
    it('resolves only after its batch is written, synced to disk', async () => {
      const sub = db.json<{ n: number }>('things')
      await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: { n: 1 } }])
      expect(written).to.deep.equal([1])
      expect(calls[0]?.options).to.deep.include({ sync: true })
      expect(await sub.get('a')).to.deep.equal({ n: 1 })
    })

    it('does not resolve while the batch is still being written', async () => {
      let release!: () => void
      const gate = new Promise<void>(resolve => { release = resolve })
      wrapBatches(db, recorded => async (ops, options) => { await gate; await recorded(ops, options) })
      const sub = db.binary('things')
      let resolved = false
      const done = db.commit([{ type: 'put', sublevel: sub, key: 'a', value: new Uint8Array([1]) }]).then(() => { resolved = true })
      await new Promise(resolve => setTimeout(resolve, 30))
      expect(resolved).to.equal(false)
      release()
      await done
      expect(resolved).to.equal(true)
      expect(await sub.get('a')).to.deep.equal(new Uint8Array([1]))
    })

    it('keeps committed data across a close and reopen', async () => {
      await db.commit([{ type: 'put', sublevel: db.json<string>('things'), key: 'k', value: 'v' }])
      await db.close()
      db = await openDb(dir as string)
      expect(await db.json<string>('things').get('k')).to.equal('v')
    })

    it('writes many concurrent commits in a few shared batches', async () => {
      const sub = db.json<number>('things')
      await Promise.all(Array.from({ length: 100 }, async (_, i) => {
        await db.commit([{ type: 'put', sublevel: sub, key: `k${i.toString().padStart(3, '0')}`, value: i }])
      }))
      expect(calls.length).to.be.within(1, 2)
      expect(calls.reduce((n, c) => n + c.ops.length, 0)).to.equal(100)
      const values: number[] = []
      for await (const v of sub.values()) values.push(v)
      expect(values).to.deep.equal(Array.from({ length: 100 }, (_, i) => i))
    })

    it('queues commits made while a batch is being written into the next batch', async () => {
      const sub = db.json<number>('things')
      const first = db.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }])
      await new Promise(resolve => setImmediate(resolve))
      const later = Array.from({ length: 10 }, async (_, i) => { await db.commit([{ type: 'put', sublevel: sub, key: `b${i}`, value: i }]) })
      await Promise.all([first, ...later])
      expect(calls.map(c => c.ops.length)).to.deep.equal([1, 10])
    })

    it('rejects every caller of a failing batch and writes none of it', async () => {
      const sub = db.json<unknown>('things')
      const outcomes = await Promise.allSettled([
        db.commit([{ type: 'put', sublevel: sub, key: 'good', value: 1 }]),
        db.commit([{ type: 'put', sublevel: sub, key: 'bad', value: undefined }]),
        db.commit([{ type: 'put', sublevel: sub, key: 'also-good', value: 2 }])
      ])
      // The batch is refused whole before anything reaches the disk.
      expect(calls).to.have.length(0)
      expect(outcomes.map(o => o.status)).to.deep.equal(['rejected', 'rejected', 'rejected'])
      for (const o of outcomes) expect((o as PromiseRejectedResult).reason.code).to.equal('LEVEL_INVALID_VALUE')
      expect(await sub.get('good')).to.equal(undefined)
      expect(await sub.get('also-good')).to.equal(undefined)
    })

    it('keeps committing after a failed batch', async () => {
      const sub = db.json<unknown>('things')
      await Promise.allSettled([db.commit([{ type: 'put', sublevel: sub, key: 'bad', value: undefined }])])
      await db.commit([{ type: 'put', sublevel: sub, key: 'after', value: 3 }])
      expect(await sub.get('after')).to.equal(3)
    })

    it('rejects when the database is closed', async () => {
      await db.close()
      const outcome = await Promise.allSettled([db.commit([{ type: 'put', sublevel: db.json<number>('things'), key: 'k', value: 1 }])])
      expect(outcome[0]?.status).to.equal('rejected')
    })

    it('closes only once the batch being written is on disk', async () => {
      let release!: () => void
      const gate = new Promise<void>(resolve => { release = resolve })
      wrapBatches(db, original => async (ops, options) => { await gate; await original(ops, options) })
      const sub = db.json<number>('things')
      const committed = db.commit([{ type: 'put', sublevel: sub, key: 'k', value: 1 }])
      await new Promise(resolve => setTimeout(resolve, 10))
      const closing = db.close()
      release()
      await committed
      await closing
      expect(db.level.status).to.equal('closed')
      db = await openDb(dir as string)
      expect(await db.json<number>('things').get('k')).to.equal(1)
    })
  })

  describe('one write per key per batch', () => {
    it('writes a key rewritten by many commits of one batch once, with the last value', async () => {
      const seq = db.json<number>('seq')
      const mail = db.json<number>('mail')
      await Promise.all(Array.from({ length: 50 }, async (_, i) => {
        await db.commit([{ type: 'put', sublevel: mail, key: `m${i}`, value: i }, { type: 'put', sublevel: seq, key: 'box', value: i }])
      }))
      expect(calls).to.have.length(1)
      expect(calls[0]?.ops).to.have.length(51)
      expect(await seq.get('box')).to.equal(49)
      for (let i = 0; i < 50; i++) expect(await mail.get(`m${i}`)).to.equal(i)
    })

    it('keeps the order of a put and a del of one key: the later one wins', async () => {
      const sub = db.json<number>('things')
      await db.commit([{ type: 'put', sublevel: sub, key: 'gone', value: 1 }])
      await Promise.all([
        db.commit([{ type: 'put', sublevel: sub, key: 'gone', value: 2 }]),
        db.commit([{ type: 'del', sublevel: sub, key: 'gone' }]),
        db.commit([{ type: 'del', sublevel: sub, key: 'back' }]),
        db.commit([{ type: 'put', sublevel: sub, key: 'back', value: 3 }])
      ])
      expect(await sub.get('gone')).to.equal(undefined)
      expect(await sub.get('back')).to.equal(3)
    })

    it('does not merge the same key in two sublevels', async () => {
      const a = db.json<number>('a')
      const b = db.json<number>('b')
      await Promise.all([db.commit([{ type: 'put', sublevel: a, key: 'k', value: 1 }]), db.commit([{ type: 'put', sublevel: b, key: 'k', value: 2 }])])
      expect([await a.get('k'), await b.get('k')]).to.deep.equal([1, 2])
    })

    for (const mode of ['commit', 'group'] as const) {
      it(`keeps every acknowledged ${mode === 'group' ? 'group member\'s ' : ''}commit, and the last acknowledged sequence key, across a SIGKILL mid-stream`, async function () {
        this.timeout(60_000)
        await db.close()
        const script = fileURLToPath(new URL('./fixtures/commit-until-killed.ts', import.meta.url))
        const child = spawn(process.execPath, ['--import', 'tsx', script, dir as string, mode], { stdio: ['ignore', 'pipe', 'inherit'] })
        const acked: number[] = []
        let buffered = ''
        const exited = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, signal) => { resolve(signal) }))
        await new Promise<void>((resolve, reject) => {
          child.on('error', reject)
          child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString()
            const lines = buffered.split('\n')
            buffered = lines.pop() ?? ''
            for (const line of lines) acked.push(Number(line))
            if (acked.length >= 2000 && child.exitCode === null && !child.killed) { child.kill('SIGKILL'); resolve() }
          })
          child.on('exit', () => { resolve() })
        })
        expect(await exited).to.equal('SIGKILL')
        db = await openDb(dir as string)
        const mail = db.json<number>('mail')
        const found = await mail.getMany(acked.map(n => n.toString().padStart(10, '0')))
        expect(found.filter((v, i) => v !== acked[i])).to.deep.equal([])
        expect(await db.json<number>('seq').get('box')).to.be.at.least(Math.max(...acked))
      })
    }
  })

  describe('group', () => {
    it('writes its members\' operations in one synced batch once every member has committed or left', async () => {
      const sub = db.json<number>('g')
      const [a, b, c] = db.group(3) as [GroupMember, GroupMember, GroupMember]
      let done = 0
      const pa = a.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }]).then(() => { done++ })
      const pc = c.commit([{ type: 'put', sublevel: sub, key: 'c', value: 3 }]).then(() => { done++ })
      await new Promise(resolve => setTimeout(resolve, 20))
      expect(calls).to.have.length(0)
      expect(done).to.equal(0)
      b.leave()
      await Promise.all([pa, pc])
      expect(calls).to.have.length(1)
      expect(calls[0]?.options).to.deep.include({ sync: true })
      expect(calls[0]?.ops).to.have.length(2)
      expect([await sub.get('a'), await sub.get('c')]).to.deep.equal([1, 3])
    })

    it('commits nothing for a group whose members all left, and commits a member\'s second commit on its own', async () => {
      const sub = db.json<number>('g')
      const [a, b] = db.group(2) as [GroupMember, GroupMember]
      a.leave()
      a.leave()
      await b.commit([{ type: 'put', sublevel: sub, key: 'b', value: 2 }])
      expect(calls).to.have.length(1)
      await a.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }])
      expect(calls).to.have.length(2)
      const [x] = db.group(1) as [GroupMember]
      x.leave()
      expect(calls).to.have.length(2)
    })

    it('rejects every member\'s commit when the batch fails', async () => {
      wrapBatches(db, () => async () => { throw new Error('disk full') })
      const members = db.group(2)
      const results = await Promise.allSettled(members.map(async (m, i) => { await m.commit([{ type: 'put', key: `k${i}`, value: new Uint8Array(1) }]) }))
      expect(results.map(r => r.status)).to.deep.equal(['rejected', 'rejected'])
    })

    it('refuses a size that is not a non-negative integer', () => {
      expect(() => db.group(-1)).to.throw(RangeError)
      expect(() => db.group(1.5)).to.throw(RangeError)
    })
  })

  describe('watch', () => {
    it('tells a watcher each key written or deleted in its sublevel once the batch is on disk, before the committer resumes', async () => {
      const sub = db.json<number>('watched')
      const other = db.json<number>('other')
      const seen: Array<{ key: string, onDisk: number | undefined }> = []
      const reads: Array<Promise<void>> = []
      db.watch(sub, key => {
        seen.push({ key, onDisk: undefined })
        const entry = seen[seen.length - 1] as { onDisk: number | undefined }
        reads.push(sub.get(key).then(v => { entry.onDisk = v }))
      })
      let resumedAfter = -1
      await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }, { type: 'put', sublevel: other, key: 'b', value: 2 }]).then(() => { resumedAfter = seen.length })
      expect(resumedAfter).to.equal(1)
      await db.commit([{ type: 'del', sublevel: sub, key: 'a' }])
      await Promise.all(reads)
      expect(seen).to.deep.equal([{ key: 'a', onDisk: 1 }, { key: 'a', onDisk: undefined }])
    })

    it('keeps committing, and tells the other watchers, when a watcher throws', async () => {
      const sub = db.json<number>('watched')
      const keys: string[] = []
      db.watch(sub, () => { throw new Error('a broken watcher') })
      db.watch(sub, key => keys.push(key))
      await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }])
      await db.commit([{ type: 'put', sublevel: sub, key: 'b', value: 2 }])
      expect(keys).to.deep.equal(['a', 'b'])
      expect(await sub.get('b')).to.equal(2)
    })

    it('stops telling a watcher once it is removed', async () => {
      const sub = db.json<number>('watched')
      const keys: string[] = []
      const stop = db.watch(sub, key => keys.push(key))
      await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: 1 }])
      stop()
      await db.commit([{ type: 'put', sublevel: sub, key: 'b', value: 1 }])
      expect(keys).to.deep.equal(['a'])
    })
  })

  describe('sublevels', () => {
    it('keeps binary values byte for byte and JSON values as objects, apart from each other', async () => {
      const bin = db.binary('bin')
      const json = db.json<{ a: number[] }>('json')
      const bytes = new Uint8Array([0, 255, 1, 254])
      await db.commit([
        { type: 'put', sublevel: bin, key: 'x', value: bytes },
        { type: 'put', sublevel: json, key: 'x', value: { a: [1, 2] } }
      ])
      expect(await bin.get('x')).to.deep.equal(bytes)
      expect(await json.get('x')).to.deep.equal({ a: [1, 2] })
    })

    it('writes through a commit the very bytes a sublevel writes, and deletes what it names', async () => {
      const bin = db.binary('bin')
      const json = db.json<{ a: string }>('json')
      const bytes = new Uint8Array([7, 0, 9])
      await bin.put('direct', bytes)
      await json.put('direct', { a: 'é\u0000' })
      await db.commit([
        { type: 'put', sublevel: bin, key: 'committed', value: bytes },
        { type: 'put', sublevel: json, key: 'committed', value: { a: 'é\u0000' } }
      ])
      const raw = async (key: string): Promise<Uint8Array | undefined> => await db.level.get(key, { valueEncoding: 'view' })
      expect(await raw('!bin!committed')).to.deep.equal(await raw('!bin!direct'))
      expect(await raw('!json!committed')).to.deep.equal(await raw('!json!direct'))
      const ops = calls.at(-1)?.ops as Array<{ key: string, sublevel?: unknown }>
      expect(ops.map(op => [op.key, op.sublevel])).to.deep.equal([['!bin!committed', undefined], ['!json!committed', undefined]])
      await db.commit([{ type: 'del', sublevel: json, key: 'committed' }])
      expect(await json.get('committed')).to.equal(undefined)
      expect(await json.get('direct')).to.deep.equal({ a: 'é\u0000' })
    })
  })
})
