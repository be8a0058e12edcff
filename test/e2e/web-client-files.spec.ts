import { expect } from 'chai'
import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoredMessage } from '@parley/node'
import { parley, parleyHuman } from '../support/processes.js'
import { screenshot } from '../support/browser.js'
import { openConversation, registerInBrowser, sendUntilDirect, twoBrowsersAndCli, webClientWorld } from '../support/web-client.js'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('The web client in Chromium: photos, voice messages and files', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-files')

  it('sends an image dropped (thumbnail, inline preview), an image pasted, a voice message, a video played inline and a file between two browsers and a CLI user', async () => {
    const { alice, bob, carolHome } = await twoBrowsersAndCli(world)
    for (const page of [alice, bob]) await page.context().grantPermissions(['microphone'], { origin: world.relay.http })

    // An image dropped on the composer: drawn in the page, so the browser can decode it.
    await openConversation(alice, 'bob@relay.test')
    await alice.evaluate(async () => {
      const canvas = document.createElement('canvas')
      canvas.width = 800
      canvas.height = 600
      const g = canvas.getContext('2d') as CanvasRenderingContext2D
      for (let i = 0; i < 20; i++) { g.fillStyle = `hsl(${i * 18} 80% 50%)`; g.fillRect(i * 40, 0, 40, 600) }
      const blob = await new Promise<Blob>(resolve => { canvas.toBlob(b => { resolve(b as Blob) }, 'image/png') })
      const drop = new DataTransfer()
      drop.items.add(new File([blob], 'stripes.png', { type: 'image/png' }))
      document.querySelector('[data-testid="composer"]')?.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }))
    })
    await alice.getByTestId('attachment').filter({ has: alice.getByTestId('attachment-image') }).waitFor({ timeout: 30_000 })

    await bob.getByTestId('conversation-alice@relay.test').click({ timeout: 30_000 })
    const photo = bob.getByTestId('attachment').and(bob.locator('[data-kind="image"]'))
    await photo.waitFor({ timeout: 30_000 })
    expect(await photo.getAttribute('data-thumbnail'), 'an encrypted thumbnail came with the message').to.equal('yes')
    // Small enough to be fetched when shown: the picture itself, opened from this browser's storage.
    const image = photo.getByTestId('attachment-image')
    await image.waitFor({ timeout: 30_000 })
    expect(await image.getAttribute('src')).to.match(/^blob:/)
    expect(await image.evaluate(img => (img as HTMLImageElement).naturalWidth)).to.equal(800)
    await screenshot(bob, '40-photo')

    // A voice message recorded with the (fake) microphone, played inline at bob's.
    await alice.getByTestId('record').click()
    await alice.getByTestId('record-stop').waitFor()
    await alice.waitForTimeout(1500)
    await alice.getByTestId('record-stop').click()
    const voice = bob.getByTestId('attachment').and(bob.locator('[data-voice="yes"]'))
    await voice.waitFor({ timeout: 30_000 })
    await voice.getByTestId('attachment-audio').waitFor({ timeout: 30_000 })
    expect(await voice.getByTestId('attachment-name').innerText()).to.equal('Voice message')
    expect(await voice.getAttribute('data-kind')).to.equal('audio')

    // An image pasted into the message field, and a video (recorded from a canvas in the page), played inline at bob's.
    await alice.evaluate(async () => {
      const canvas = document.createElement('canvas')
      canvas.width = 320
      canvas.height = 240
      const g = canvas.getContext('2d') as CanvasRenderingContext2D
      g.fillStyle = '#c33'
      g.fillRect(0, 0, 320, 240)
      const blob = await new Promise<Blob>(resolve => { canvas.toBlob(b => { resolve(b as Blob) }, 'image/png') })
      const clip = new DataTransfer()
      clip.items.add(new File([blob], 'pasted.png', { type: 'image/png' }))
      document.querySelector('textarea')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true }))
    })
    const pasted = bob.getByTestId('attachment').and(bob.locator('[data-name="pasted.png"]'))
    await pasted.getByTestId('attachment-image').waitFor({ timeout: 30_000 })
    expect(await pasted.getByTestId('attachment-image').evaluate(img => (img as HTMLImageElement).naturalWidth)).to.equal(320)
    const webm = await alice.evaluate(async () => {
      const canvas = document.createElement('canvas')
      canvas.width = 160
      canvas.height = 120
      const g = canvas.getContext('2d') as CanvasRenderingContext2D
      const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm' })
      const parts: Blob[] = []
      recorder.ondataavailable = e => { parts.push(e.data) }
      const stopped = new Promise(resolve => { recorder.onstop = resolve })
      recorder.start(100)
      for (let i = 0; i < 15; i++) {
        g.fillStyle = `hsl(${i * 24} 80% 50%)`
        g.fillRect(0, 0, 160, 120)
        await new Promise(resolve => setTimeout(resolve, 70))
      }
      recorder.stop()
      await stopped
      const bytes = new Uint8Array(await new Blob(parts, { type: 'video/webm' }).arrayBuffer())
      let binary = ''
      for (const b of bytes) binary += String.fromCharCode(b)
      return btoa(binary)
    })
    await alice.getByTestId('attach-input').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: Buffer.from(webm, 'base64') })
    const clip = bob.getByTestId('attachment').and(bob.locator('[data-kind="video"]'))
    const video = clip.getByTestId('attachment-video')
    await video.waitFor({ timeout: 30_000 })
    expect(await video.getAttribute('src')).to.match(/^blob:/)
    // The browser reads the video it was given: its frame size, from the decrypted file.
    await bob.waitForFunction(el => (el as HTMLVideoElement).readyState >= 1, await video.elementHandle(), { timeout: 30_000 })
    expect(await video.evaluate(v => (v as HTMLVideoElement).videoWidth)).to.equal(160)

    // A file to the CLI user, picked with the attach button.
    const report = randomBytes(3 * 1024 * 1024 + 17)
    await openConversation(alice, 'carol@relay.test')
    await alice.getByTestId('attach-input').setInputFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: report })
    await alice.getByTestId('attachment').filter({ hasText: 'report.bin' }).waitFor({ timeout: 30_000 })
    const inbox = await parley(carolHome, ['inbox'])
    expect(inbox.code, inbox.stdout + inbox.stderr).to.equal(0)
    const got = (inbox.json as StoredMessage[]).find(m => m.attachment?.name === 'report.bin')
    expect(got?.sender).to.equal('alice@relay.test')
    const out = join(world.dir, 'carol-report.bin')
    const fetched = await parley(carolHome, ['get-file', got!.id, '--out', out])
    expect(fetched.code, fetched.stdout + fetched.stderr).to.equal(0)
    expect(sha256(await readFile(out))).to.equal(sha256(report))

    // A file from the CLI user to bob: not a picture, so fetched when asked, with its progress, then saved under its name.
    const pdf = randomBytes(2 * 1024 * 1024)
    const pdfPath = join(world.dir, 'minutes.pdf')
    await writeFile(pdfPath, pdf)
    const sent = await parleyHuman(carolHome, ['send-file', 'bob@relay.test', pdfPath])
    expect(sent.code, sent.stdout + sent.stderr).to.equal(0)
    await bob.getByTestId('conversation-carol@relay.test').click({ timeout: 30_000 })
    const file = bob.getByTestId('attachment').filter({ hasText: 'minutes.pdf' })
    await file.getByTestId('attachment-fetch').click({ timeout: 30_000 })
    const save = file.getByTestId('attachment-save')
    await save.waitFor({ timeout: 30_000 })
    expect(await save.getAttribute('download')).to.equal('minutes.pdf')
    const [download] = await Promise.all([bob.waitForEvent('download'), save.click()])
    expect(download.suggestedFilename()).to.equal('minutes.pdf')
    expect(sha256(await readFile(await download.path()))).to.equal(sha256(pdf))
    await screenshot(bob, '41-file')
    expect(world.pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })
  it('sends a file browser to browser over WebRTC once they are connected directly, with no byte of it on the relay', async () => {
    const erin = await world.person()
    const frank = await world.person()
    await registerInBrowser(erin, world, 'erin')
    await registerInBrowser(frank, world, 'frank')
    await openConversation(frank, 'erin@relay.test')
    await openConversation(erin, 'frank@relay.test')
    await sendUntilDirect(erin, 'hello')
    const blobs = async (): Promise<string[]> => await readdir(join(world.relay.dataDir, 'blobs')).catch(() => [])
    const before = await blobs()
    const plans = randomBytes(5 * 1024 * 1024 + 3)
    await erin.getByTestId('attach-input').setInputFiles({ name: 'plans.bin', mimeType: 'application/octet-stream', buffer: plans })
    await erin.getByTestId('attachment').filter({ hasText: 'plans.bin' }).waitFor({ timeout: 60_000 })
    const file = frank.getByTestId('attachment').filter({ hasText: 'plans.bin' })
    await file.getByTestId('attachment-fetch').click({ timeout: 30_000 })
    const save = file.getByTestId('attachment-save')
    await save.waitFor({ timeout: 30_000 })
    const [download] = await Promise.all([frank.waitForEvent('download'), save.click()])
    expect(sha256(await readFile(await download.path()))).to.equal(sha256(plans))
    expect(await blobs(), 'the relay kept no blob for it').to.deep.equal(before)
    expect(world.pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })
})
