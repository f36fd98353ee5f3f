/**
 * The storyboard file: YAML read once, its shape checked (unknown keys, wrong types), every
 * problem reported with its line. What the values mean (frames, durations, prompts) is checked
 * by the plan, with the same rules as the inputs. Loaded only by runs that name a storyboard.
 */
import path from 'node:path'
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml'
import * as z from 'zod/mini'
import { errorMessage } from '../errors.js'
import { confine, type ReadableRoots } from '../fs/paths.js'
import { readSmallText } from '../fs/text.js'
import { nearest } from '../text.js'

/** A storyboard is a short text file; anything bigger is a mistake. */
const MAX_BYTES = 1024 * 1024

const FILE_KEYS = ['resolution', 'duration', 'keyframes'] as const
const KEYFRAME_KEYS = ['image', 'prompt', 'duration', 'task-id', 'take'] as const
/** Keys of the clip that starts at a keyframe: the last keyframe starts none. */
const CLIP_KEYS = ['prompt', 'duration', 'task-id', 'take'] as const

const number = z.union([z.string(), z.number()])
const keyframeFields = {
  image: z.string(),
  prompt: z.optional(z.string()),
  duration: z.optional(number),
  'task-id': z.optional(number),
  take: z.optional(number)
}
const keyframe = z.strictObject(keyframeFields)
/** The same, ignoring unknown keys: a typo in one key does not keep the keyframe's image from being checked. */
const keyframeValues = z.object(keyframeFields)
const schema = z.strictObject({
  resolution: z.optional(number),
  duration: z.optional(number),
  keyframes: z.array(keyframe)
})

export interface Keyframe {
  /** 0-based, in film order. */
  index: number
  image: string
  prompt?: string
  /** As written (the plan parses it with the duration rule). */
  duration?: string
  /** The task that is this clip (collected, never paid for), as written: digits, never a rounded number. */
  taskId?: string
  /** This clip's take (part of its fingerprint), as written. */
  take?: string
  /** 1-based line of the keyframe in the file, for messages and annotations. */
  line?: number
}

export interface Storyboard {
  /** As given in the input, for messages. */
  given: string
  /** Real path of the file. */
  file: string
  /** Relative keyframe paths start here: the file's folder. */
  folder: string
  resolution?: string
  duration?: string
  keyframes: Keyframe[]
  /** The line of a path in the file (['keyframes', 2, 'image']), for messages. */
  lineOf(at: Array<string | number>): number | undefined
}

export interface StoryboardProblem {
  message: string
  line?: number
}

export type ReadResult = { storyboard: Storyboard; problems: StoryboardProblem[] } | { problems: StoryboardProblem[] }

const where = (at: Array<string | number>): string =>
  at.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '')

/** Read and shape-check the storyboard named by the input (a path in the workspace or RUNNER_TEMP). */
export function readStoryboard(given: string, roots: ReadableRoots): ReadResult {
  const confined = confine(given, roots)
  if ('problem' in confined) return { problems: [{ message: confined.problem }] }
  const read = readSmallText(confined.real, MAX_BYTES, 'a storyboard')
  if ('problem' in read) return { problems: [{ message: `${confined.abs} ${read.problem}` }] }

  const lineCounter = new LineCounter()
  const doc = parseDocument(read.text, { lineCounter, prettyErrors: false })
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map(e => ({ message: `is not valid YAML: ${e.message}`, line: lineAt(e.pos[0]) })) }
  }
  const lineOf = (at: Array<string | number>): number | undefined => lineAt(nodeAt(doc, at)?.range?.[0])
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    // yaml refuses a document whose aliases expand too far (a "billion laughs" file).
    const alias = firstAlias(doc)
    return { problems: [{ message: `cannot be read: ${errorMessage(error)}`, line: lineAt(alias) ?? 1 }] }
  }
  const parsed = schema.safeParse(data)
  const problems: StoryboardProblem[] = []
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describe(issue, data, doc, lineAt, lineOf))
  }
  const value = parsed.success ? parsed.data : undefined
  const keyframes: Keyframe[] = []
  const rawKeyframes = isObject(data) && Array.isArray(data.keyframes) ? data.keyframes : []
  rawKeyframes.forEach((entry, index) => {
    // Keyframes whose own fields are right are checked further even when another key is wrong.
    const one = keyframeValues.safeParse(entry)
    if (!one.success) return
    const { image, prompt, duration, take } = one.data
    keyframes.push({
      index,
      image,
      prompt,
      duration: duration?.toString(),
      taskId: one.data['task-id'] === undefined ? undefined : sourceText(doc, ['keyframes', index, 'task-id']),
      take: take?.toString(),
      line: lineOf(['keyframes', index])
    })
  })
  if (isObject(data) && Array.isArray(data.keyframes) && data.keyframes.length < 2) {
    problems.push({
      message:
        `keyframes: has ${data.keyframes.length}; a storyboard needs at least 2 keyframes ` +
        `(each neighbouring pair makes a clip)`,
      line: lineOf(['keyframes'])
    })
  }
  const last = rawKeyframes.length - 1
  const lastFrame = rawKeyframes[last]
  if (last >= 1 && isObject(lastFrame)) {
    for (const key of CLIP_KEYS) {
      if (lastFrame[key] !== undefined) {
        problems.push({
          message:
            `keyframes[${last}].${key}: the last keyframe ends the film, so it starts no clip and takes no ${key}; ` +
            `put it on keyframes[${last - 1}], the clip that ends here`,
          line: lineOf(['keyframes', last, key])
        })
      }
    }
  }
  const folder = path.dirname(confined.real)
  const top = isObject(data) ? data : {}
  const storyboard: Storyboard = {
    given,
    file: confined.real,
    folder,
    resolution: value?.resolution?.toString() ?? scalarText(top.resolution),
    duration: value?.duration?.toString() ?? scalarText(top.duration),
    keyframes,
    lineOf
  }
  return { storyboard, problems }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined

/**
 * A scalar as written in the file: `task-id: 176843862716480123` unquoted would parse as a number
 * rounded past 2^53, so the digits are taken from the source text.
 */
function sourceText(doc: Document, at: Array<string | number>): string {
  const node = doc.getIn(at, true)
  if (isScalar(node)) return typeof node.source === 'string' ? node.source : String(node.value)
  return String(node)
}

/** Where the first alias is, for the message about a document whose aliases expand too far. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0]
      return visit.BREAK
    }
  })
  return offset
}

/** The YAML node at a path, for its position. */
function nodeAt(doc: Document, at: Array<string | number>): { range?: [number, number, number] | null } | undefined {
  const node = doc.getIn(at, true)
  return isScalar(node) || isMap(node) || (node && typeof node === 'object' && 'range' in node)
    ? (node as { range?: [number, number, number] | null })
    : undefined
}

/** One schema issue as problems a person can act on: the key, where, and what is accepted. */
function describe(
  issue: z.core.$ZodIssue,
  data: unknown,
  doc: Document,
  lineAt: (offset: number | undefined) => number | undefined,
  lineOf: (at: Array<string | number>) => number | undefined
): StoryboardProblem[] {
  const at = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
  const inKeyframe = at[0] === 'keyframes' && typeof at[1] === 'number'
  if (issue.code === 'unrecognized_keys') {
    const known: readonly string[] = inKeyframe ? KEYFRAME_KEYS : FILE_KEYS
    const parent = doc.getIn(at, true)
    return issue.keys.map(key => {
      const pair = isMap(parent)
        ? parent.items.find(item => isPair(item) && isScalar(item.key) && item.key.value === key)
        : undefined
      const keyNode = pair && isPair(pair) && isScalar(pair.key) ? pair.key : undefined
      const guess = nearest(key, known)
      return {
        message:
          `${where([...at, key])}: unknown key${guess ? `; did you mean ${guess}?` : ''} ` +
          `(${inKeyframe ? 'a keyframe' : 'the file'} takes ${known.join(', ')})`,
        line: lineAt(keyNode?.range?.[0]) ?? lineOf(at)
      }
    })
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    const field = at.at(-1)
    const wanted =
      at.length === 0
        ? 'a mapping with keyframes: (and optionally resolution: and duration:)'
        : field === 'keyframes'
          ? 'a list of keyframes, each with an image:'
          : typeof field === 'number'
            ? 'a keyframe: a mapping with image: (and prompt:, duration:)'
            : field === 'image' || field === 'prompt'
              ? 'text'
              : field === 'task-id'
                ? 'a task id in quotes, such as "176843862716480123"'
                : 'a number or text, such as 6'
    const missing = valueAt(data, at) === undefined
    return [
      {
        message: `${where(at) || '(the file)'}: ${missing ? 'is missing' : 'has the wrong type'}; it must be ${wanted}`,
        line: lineOf(missing ? at.slice(0, -1) : at)
      }
    ]
  }
  return [{ message: `${where(at) || '(the file)'}: ${issue.message}`, line: lineOf(at) }]
}

function valueAt(data: unknown, at: Array<string | number>): unknown {
  let value = data
  for (const key of at) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}
