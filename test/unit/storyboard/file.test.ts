import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readableRoots } from '../../../src/fs/paths.js'
import { readStoryboard } from '../../../src/storyboard/file.js'
import { tempDir } from '../../support/temp.js'

const dir = tempDir('storyboard-')
function read(text: string) {
  writeFileSync(path.join(dir, 's.yml'), text)
  return readStoryboard('s.yml', readableRoots(dir, undefined))
}

describe('the storyboard file', () => {
  it('reads keyframes with their lines, and the defaults', () => {
    const result = read(
      'resolution: 1080p\nduration: 6\nkeyframes:\n  - image: a.png\n    prompt: go\n  - image: b.png\n'
    )
    expect(result.problems).toEqual([])
    if (!('storyboard' in result)) throw new Error('no storyboard')
    expect(result.storyboard).toMatchObject({ resolution: '1080p', duration: '6' })
    expect(result.storyboard.keyframes).toEqual([
      { index: 0, image: 'a.png', prompt: 'go', duration: undefined, line: 4 },
      { index: 1, image: 'b.png', prompt: undefined, duration: undefined, line: 6 }
    ])
  })

  it.each([
    [
      'keyframes:\n  - image: a.png\n    promt: x\n  - image: b.png\n',
      'keyframes[0].promt: unknown key; did you mean prompt?',
      3
    ],
    ['keyfarmes: []\n', 'keyfarmes: unknown key; did you mean keyframes?', 1],
    ['keyframes:\n  - image: 3\n  - image: b.png\n', 'keyframes[0].image: has the wrong type; it must be text', 2],
    ['keyframes:\n  - prompt: x\n  - image: b.png\n', 'keyframes[0].image: is missing', 2],
    ['keyframes:\n  - image: a.png\n', 'keyframes: has 1; a storyboard needs at least 2 keyframes', 2],
    [
      'keyframes:\n  - image: a.png\n  - image: b.png\n    duration: 6\n',
      'keyframes[1].duration: the last keyframe ends the film',
      4
    ],
    ['keyframes: [\n', 'is not valid YAML', 2],
    ...['.nan', 'true', 'null'].map((value): [string, string, number] => [
      `keyframes:\n  - image: a.png\n    duration: ${value}\n  - image: b.png\n`,
      'keyframes[0].duration: has the wrong type; it must be a number or text, such as 6',
      3
    ]),
    [
      'keyframes:\n  - image: a.png\n    task-id: [1]\n  - image: b.png\n',
      'keyframes[0].task-id: has the wrong type; it must be a task id in quotes',
      3
    ],
    [
      'keyframes:\n  - image: a.png\n  - image: b.png\n    take: 2\n',
      'keyframes[1].take: the last keyframe ends the film',
      4
    ],
    [
      // A "billion laughs": aliases that would expand past any storyboard.
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd']
        .map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abc'[i]}`).join(', ')}]`)
        .join('\n')}\nkeyframes: [*d]\n`,
      'cannot be read: Excessive alias count',
      2
    ],
    ['- just a list\n', '(the file): has the wrong type; it must be a mapping with keyframes:', 1]
  ])('%j is refused with its line', (text, message, line) => {
    expect(read(text).problems).toContainEqual({ message: expect.stringContaining(message), line })
  })

  it("reads a clip's task-id digit for digit (never rounded past 2^53) and its take", () => {
    const result = read(
      'keyframes:\n  - image: a.png\n    task-id: 176843862716480123\n    take: 2\n' +
        '  - image: b.png\n    task-id: "176843862716480999"\n  - image: c.png\n'
    )
    expect(result.problems).toEqual([])
    if (!('storyboard' in result)) throw new Error('no storyboard')
    expect(result.storyboard.keyframes.map(k => [k.taskId, k.take])).toEqual([
      ['176843862716480123', '2'],
      ['176843862716480999', undefined],
      [undefined, undefined]
    ])
  })

  it('is read only from the workspace or RUNNER_TEMP', () => {
    const other = tempDir('elsewhere-')
    writeFileSync(path.join(other, 's.yml'), 'keyframes: []\n')
    expect(readStoryboard(path.join(other, 's.yml'), readableRoots(dir, undefined)).problems).toEqual([
      { message: expect.stringMatching(/is outside the workspace and RUNNER_TEMP/) }
    ])
  })
})
