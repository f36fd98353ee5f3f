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
  const yaml = parseYaml(read.text)
  if ('problems' in yaml) return yaml
  const { data, lineOf } = yaml

  const parsed = schema.safeParse(data)
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap(issue => describe(issue, data, yaml.doc, yaml.lineAt, lineOf))
  const rawKeyframes = isObject(data) && Array.isArray(data.keyframes) ? data.keyframes : undefined
  if (rawKeyframes) problems.push(...keyframeCountProblems(rawKeyframes, lineOf))
  const storyboard: Storyboard = {
    given,
    file: confined.real,
    folder: path.dirname(confined.real),
    ...fileSettings(data),
    keyframes: keyframesOf(rawKeyframes ?? [], yaml.doc, lineOf),
    lineOf
  }
  return { storyboard, problems }
}

/** The file's resolution and duration as written, even when another key is wrong (the plan checks them). */
function fileSettings(data: unknown): Pick<Storyboard, 'resolution' | 'duration'> {
  const top = isObject(data) ? data : {}
  return { resolution: scalarText(top.resolution), duration: scalarText(top.duration) }
}

interface ParsedYaml {
  doc: Document
  data: unknown
  lineAt: (offset: number | undefined) => number | undefined
  lineOf: (at: Array<string | number>) => number | undefined
}

/** The document and its plain value, or why it cannot be read (each with its line). */
function parseYaml(text: string): ParsedYaml | { problems: StoryboardProblem[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map(e => ({ message: `is not valid YAML: ${e.message}`, line: lineAt(e.pos[0]) })) }
  }
  const lineOf = (at: Array<string | number>): number | undefined => lineAt(nodeAt(doc, at)?.range?.[0])
  try {
    return { doc, data: doc.toJS({ maxAliasCount: 100 }), lineAt, lineOf }
  } catch (error) {
    // yaml refuses a document whose aliases expand too far (a "billion laughs" file).
    const alias = firstAlias(doc)
    return { problems: [{ message: `cannot be read: ${errorMessage(error)}`, line: lineAt(alias) ?? 1 }] }
  }
}

/** The keyframes whose own fields are right: they are checked further even when another key is wrong. */
function keyframesOf(entries: unknown[], doc: Document, lineOf: ParsedYaml['lineOf']): Keyframe[] {
  return entries.flatMap((entry, index) => {
    const one = keyframeValues.safeParse(entry)
    if (!one.success) return []
    const { image, prompt, duration, take } = one.data
    const taskId = one.data['task-id'] === undefined ? undefined : sourceText(doc, ['keyframes', index, 'task-id'])
    const line = lineOf(['keyframes', index])
    return [{ index, image, prompt, duration: duration?.toString(), taskId, take: take?.toString(), line }]
  })
}

/** At least two keyframes in the list, and none of a clip's keys on the last one (it starts no clip). */
function keyframeCountProblems(entries: unknown[], lineOf: ParsedYaml['lineOf']): StoryboardProblem[] {
  const problems: StoryboardProblem[] = []
  if (entries.length < 2) {
    problems.push({
      message:
        `keyframes: has ${entries.length}; a storyboard needs at least 2 keyframes ` +
        `(each neighbouring pair makes a clip)`,
      line: lineOf(['keyframes'])
    })
  }
  const last = entries.length - 1
  const lastFrame = entries[last]
  if (last < 1 || !isObject(lastFrame)) return problems
  for (const key of CLIP_KEYS.filter(key => lastFrame[key] !== undefined)) {
    problems.push({
      message:
        `keyframes[${last}].${key}: the last keyframe ends the film, so it starts no clip and takes no ${key}; ` +
        `put it on keyframes[${last - 1}], the clip that ends here`,
      line: lineOf(['keyframes', last, key])
    })
  }
  return problems
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
  if (issue.code === 'unrecognized_keys') {
    const parent = doc.getIn(at, true)
    return issue.keys.map(key => unknownKey(at, key, parent, lineAt(keyRange(parent, key)?.[0]) ?? lineOf(at)))
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    const missing = valueAt(data, at) === undefined
    const what = missing ? 'is missing' : 'has the wrong type'
    return [
      {
        message: `${where(at) || '(the file)'}: ${what}; it must be ${wanted(at)}`,
        line: lineOf(missing ? at.slice(0, -1) : at)
      }
    ]
  }
  return [{ message: `${where(at) || '(the file)'}: ${issue.message}`, line: lineOf(at) }]
}

/** An unknown key, with the nearest known one and every key its mapping takes. */
function unknownKey(
  at: Array<string | number>,
  key: string,
  parent: unknown,
  line: number | undefined
): StoryboardProblem {
  const inKeyframe = at[0] === 'keyframes' && typeof at[1] === 'number'
  const known: readonly string[] = inKeyframe ? KEYFRAME_KEYS : FILE_KEYS
  const guess = nearest(key, known)
  return {
    message:
      `${where([...at, key])}: unknown key${guess ? `; did you mean ${guess}?` : ''} ` +
      `(${inKeyframe ? 'a keyframe' : 'the file'} takes ${known.join(', ')})`,
    line
  }
}

/** Where a key of a mapping is written, for its line. */
function keyRange(parent: unknown, key: string): [number, number, number] | null | undefined {
  const pair = isMap(parent)
    ? parent.items.find(item => isPair(item) && isScalar(item.key) && item.key.value === key)
    : undefined
  return pair && isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined
}

/** What the value at this path must be, as a person would say it. */
function wanted(at: Array<string | number>): string {
  const field = at.at(-1)
  if (at.length === 0) return 'a mapping with keyframes: (and optionally resolution: and duration:)'
  if (field === 'keyframes') return 'a list of keyframes, each with an image:'
  if (typeof field === 'number') return 'a keyframe: a mapping with image: (and prompt:, duration:)'
  if (field === 'image' || field === 'prompt') return 'text'
  if (field === 'task-id') return 'a task id in quotes, such as "176843862716480123"'
  return 'a number or text, such as 6'
}

function valueAt(data: unknown, at: Array<string | number>): unknown {
  let value = data
  for (const key of at) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}
