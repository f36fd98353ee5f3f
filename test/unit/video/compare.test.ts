/** The join's refusal: each clip named counting from 1, and the odd one out is the one named. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClipMismatchError, findDifferences, joinClips, probeClip } from '../../../src/video/join.js'
import { JoinError } from '../../../src/errors.js'
import { tempDir } from '../../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../../fixtures/clips')
const clip = (name: string): string => path.join(CLIPS, `${name}.mp4`)
const probe = (names: string[]) => Promise.all(names.map(n => probeClip(clip(n))))

describe('clips that cannot be joined', () => {
  it('names the clip that differs from the majority, wherever it is, counting from 1', async () => {
    const [first] = findDifferences(await probe(['mismatch', 'v1-a', 'v1-b', 'v1-c']))
    expect(first).toMatchObject({ clip: 1, field: 'frame size', value: '320x180', majority: '256x144' })
    expect(first!.majorityClips).toEqual([2, 3, 4])
    expect(first!.text).toBe('clip 1 (mismatch.mp4): frame size is 320x180, clips 2, 3 and 4 have 256x144')

    const third = findDifferences(await probe(['v1-a', 'v1-b', 'mismatch', 'v1-c']))
    expect(new Set(third.map(d => d.clip))).toEqual(new Set([3]))
    expect(third[0]!.text).toMatch(/^clip 3 \(mismatch\.mp4\): frame size is 320x180, clips 1, 2 and 4 have 256x144$/)
  })

  it('with two clips, the first is the reference', async () => {
    const differences = findDifferences(await probe(['v1-a', 'mismatch']))
    expect(differences[0]!.text).toBe('clip 2 (mismatch.mp4): frame size is 320x180, clip 1 has 256x144')
  })

  it('names a clip with sound among silent ones, and one with another frame rate', async () => {
    const differences = findDifferences(await probe(['seam25-a', 'seam24-a', 'seam25-b']))
    expect(differences.map(d => d.field)).toContain('audio')
    expect(differences.map(d => d.field)).toContain('frame rate')
    expect(new Set(differences.map(d => d.clip))).toEqual(new Set([2]))
    expect(differences.find(d => d.field === 'frame rate')!.text).toBe(
      'clip 2 (seam24-a.mp4): frame rate is 24 fps, clips 1 and 3 have 25 fps'
    )
  })

  it('refuses the join with every difference as data and the odd clips, and writes nothing', async () => {
    const output = path.join(tempDir('compare-'), 'film.mp4')
    const error = await joinClips({ clips: ['v1-a', 'v1-b', 'mismatch', 'v1-c', 'mismatch'].map(clip), output }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ClipMismatchError)
    expect(error).toBeInstanceOf(JoinError)
    const mismatch = error as ClipMismatchError
    expect(mismatch.oddClips).toEqual([3, 5])
    expect(mismatch.differences).toEqual(mismatch.details.map(d => d.text))
    expect(mismatch.message).toContain('- clip 5 (mismatch.mp4): frame size is 320x180, clips 1, 2 and 4 have 256x144')
    expect(existsSync(output)).toBe(false)
  })
})
