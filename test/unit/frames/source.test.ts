import { execFileSync } from 'node:child_process'
import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyFrame, closeFrames, resolveFrame } from '../../../src/frames/source.js'
import { readableRoots } from '../../../src/fs/paths.js'
import { MAX_FRAME_BYTES } from '../../../src/minimax/rules.js'
import { jpeg, png } from '../../support/images.js'
import { tempDir } from '../../support/temp.js'
import type { Frame, FrameSpec } from '../../../src/types/frame.js'

const dir = tempDir('frames-')
const opened: Frame[] = []
afterEach(() => closeFrames(opened.splice(0)))

async function check(value: string) {
  const spec = classifyFrame(value)
  if ('problem' in spec) return { problems: [spec.problem] }
  const result = await resolveFrame('first-frame', spec as FrameSpec, readableRoots(dir, undefined))
  if ('frame' in result) opened.push(result.frame)
  return result
}

describe('frames from paths', () => {
  it('accepts a PNG by content even when its name says .jpg, and keeps its real type', async () => {
    writeFileSync(path.join(dir, 'really-png.jpg'), png(800, 600))
    const result = await check('really-png.jpg')
    expect(result).toMatchObject({
      frame: { kind: 'file', image: { format: 'png', mime: 'image/png', width: 800, height: 600 } }
    })
  })

  it('accepts one byte under 20 MB and refuses 20 MB', async () => {
    writeFileSync(path.join(dir, 'under.png'), png(1000, 1000, { size: MAX_FRAME_BYTES - 1 }))
    writeFileSync(path.join(dir, 'at.png'), png(1000, 1000, { size: MAX_FRAME_BYTES }))
    expect(await check('under.png')).toHaveProperty('frame')
    expect(await check('at.png')).toEqual({ problems: [expect.stringMatching(/20971520 bytes .*under 20 MB/)] })
  })

  it('refuses a missing file, naming where it looked', async () => {
    expect((await check('missing.png')) as { problems: string[] }).toEqual({
      problems: [expect.stringContaining(`${dir}/missing.png (relative paths start at the workspace`)]
    })
  })

  it('refuses a directory', async () => {
    mkdirSync(path.join(dir, 'folder'), { recursive: true })
    expect(await check('folder')).toEqual({ problems: [expect.stringMatching(/is a directory/)] })
  })

  it.each(['/dev/zero', '/dev/urandom', '/etc/hostname'])(
    'refuses %s, outside the workspace, without reading it',
    async file => {
      expect(await check(file)).toEqual({ problems: [expect.stringMatching(/outside the workspace and RUNNER_TEMP/)] })
    }
  )

  it('refuses ../ out of the workspace, and a symlink that leads out of it', async () => {
    const outside = tempDir('outside-')
    writeFileSync(path.join(outside, 'secret.png'), png(800, 600))
    symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'innocent.png'))
    expect(await check(path.relative(dir, path.join(outside, 'secret.png')))).toEqual({
      problems: [expect.stringMatching(/outside the workspace/)]
    })
    expect(await check('innocent.png')).toEqual({
      problems: [expect.stringMatching(/innocent\.png \(it leads to .*secret\.png\) is outside the workspace/)]
    })
  })

  it('reads from RUNNER_TEMP too', async () => {
    const runnerTemp = tempDir('runner-temp-')
    writeFileSync(path.join(runnerTemp, 'made.png'), png(800, 600))
    const result = await resolveFrame(
      'first-frame',
      { kind: 'path', path: path.join(runnerTemp, 'made.png') },
      readableRoots(dir, runnerTemp)
    )
    if ('frame' in result) opened.push(result.frame)
    expect(result).toHaveProperty('frame.image.format', 'png')
  })

  it('refuses a FIFO at once (opening it would wait for a writer)', async () => {
    const fifo = path.join(dir, 'pipe.png')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    expect(await check(fifo)).toEqual({ problems: [expect.stringMatching(/named pipe/)] })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('judges a symlink by what it points to', async () => {
    symlinkSync('/dev/zero', path.join(dir, 'link-to-zero.png'))
    writeFileSync(path.join(dir, 'target.jpg'), jpeg(640, 480))
    symlinkSync(path.join(dir, 'target.jpg'), path.join(dir, 'link-to-jpeg.jpg'))
    expect(await check('link-to-zero.png')).toEqual({ problems: [expect.stringMatching(/leads to \/dev\/zero/)] })
    expect(await check('link-to-jpeg.jpg')).toHaveProperty('frame.image.format', 'jpeg')
  })

  it('reports both a too-short side and a bad ratio', async () => {
    writeFileSync(path.join(dir, 'thin.png'), png(100, 2000))
    const result = (await check('thin.png')) as { problems: string[] }
    expect(result.problems).toHaveLength(2)
  })

  it('refuses a truncated file', async () => {
    writeFileSync(path.join(dir, 'cut.jpg'), jpeg(1280, 720).subarray(0, 60))
    expect(await check('cut.jpg')).toEqual({ problems: [expect.stringMatching(/truncated/)] })
  })
})

describe('frames from data URLs', () => {
  const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`
  it('checks the decoded bytes', async () => {
    expect(await check(dataUrl('image/png', png(1280, 720)))).toMatchObject({
      frame: { kind: 'data', image: { width: 1280, height: 720 } },
      warnings: []
    })
    expect(await check(dataUrl('image/png', png(290, 500)))).toEqual({
      problems: [expect.stringMatching(/short side \(290 px\)/)]
    })
    expect(await check(dataUrl('image/png', Buffer.from('GIF89a.....')))).toEqual({
      problems: [expect.stringMatching(/GIF/)]
    })
  })
  it('sends the real type when the declared one is wrong, and says so', async () => {
    expect(await check(dataUrl('image/png', jpeg(1280, 720)))).toMatchObject({
      frame: { image: { mime: 'image/jpeg' } },
      warnings: [expect.stringMatching(/says image\/png but its content is image\/jpeg/)]
    })
  })
  it('passes an http(s) URL through untouched', async () => {
    expect(await check('https://cdn.example.com/a.png?x=1')).toMatchObject({
      frame: { kind: 'url', url: 'https://cdn.example.com/a.png?x=1' }
    })
  })
})
