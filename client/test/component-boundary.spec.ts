import { expect } from 'chai'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src')

/** What a component would write to reach the node around the stores. */
const REACHES_THE_NODE = [/\.node\b/, /\bParleyNode\b/, /['"]@parley\/node['"]/]

/** No source file grows past this (generated code aside): one concept per file. */
const MAX_LINES = 400

async function files (dir: string, suffix: RegExp): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...await files(path, suffix))
    else if (suffix.test(entry.name)) found.push(path)
  }
  return found
}

describe('The web client\'s components', () => {
  it('never reach the node: they import no @parley/node and touch no .node, only the stores', async () => {
    const components = await files(SRC, /^[A-Z]\w*\.tsx$/)
    expect(components.length, 'the components are found').to.be.greaterThan(20)
    const offenders: string[] = []
    for (const path of components) {
      const text = await readFile(path, 'utf8')
      for (const pattern of REACHES_THE_NODE) if (pattern.test(text)) offenders.push(`${relative(SRC, path)} matches ${String(pattern)}`)
    }
    expect(offenders).to.deep.equal([])
  })

  it('are one per file, named as they are exported, and no source file is over 400 lines', async () => {
    const problems: string[] = []
    for (const path of await files(SRC, /\.tsx?$/)) {
      const text = await readFile(path, 'utf8')
      const lines = text.split('\n').length
      if (lines > MAX_LINES) problems.push(`${relative(SRC, path)} has ${lines} lines`)
      const name = /^([A-Z]\w*)\.tsx$/.exec(path.split('/').pop() ?? '')?.[1]
      if (name === undefined) continue
      const exported = [...text.matchAll(/^export function (\w+)/gm)].map(m => m[1])
      if (exported.length !== 1 || exported[0] !== name) problems.push(`${relative(SRC, path)} exports ${exported.join(', ') || 'nothing'}`)
    }
    expect(problems).to.deep.equal([])
  })
})
