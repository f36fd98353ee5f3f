/**
 * The contract of the V2 create request (`POST /v2/video_generation`, MiniMax-H3): the OpenAPI
 * text of MiniMax's V2 pages (copied unchanged to test/contract/), compiled with Ajv,
 * plus the rules minimax-v2-video.reference.md states in prose. Like contract.ts, an oracle
 * written apart from src/: the stand-in server judges every V2 submit body with it.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import type { ContractCheck } from './contract.ts'

export const OPENAPI_V2_PATH = new URL('../contract/minimax-v2-video.openapi.yaml', import.meta.url)

/** Per model: the resolutions and the whole-second durations it offers (reference §4.1). */
export const V2_MODELS: Record<string, { resolutions: string[]; minDuration: number; maxDuration: number }> = {
  'MiniMax-H3': { resolutions: ['768P', '2K'], minDuration: 4, maxDuration: 15 },
  'MiniMax-H3-Max': { resolutions: ['480P', '768P'], minDuration: 5, maxDuration: 15 }
}

/** Sizes in bytes (MB = 2^20, as MiniMax's CLI counts them) and the prompt length in code points. */
export const V2_LIMITS = {
  promptChars: 7000,
  imageBytes: 30 * 1024 * 1024,
  videoBytes: 50 * 1024 * 1024,
  audioBytes: 15 * 1024 * 1024,
  bodyBytes: 64 * 1024 * 1024
}

const ITEM_SCHEMAS: Record<string, string> = {
  text: 'TextContentItem',
  image_url: 'ImageContentItem',
  video_url: 'VideoContentItem',
  audio_url: 'AudioContentItem'
}

/**
 * `check(body, bytes)`: `bytes` is the request body's size on the wire (for the 64 MB limit).
 *
 * The file does not compile as a lone schema: its `$ref`s point into the whole document
 * (`#/components/schemas/...`), so the components are registered under an `$id` and the request
 * schema is compiled by reference. `format: uri` is not built into Ajv (and ajv-formats is not
 * installed), so it is added with URL.canParse. Like contract.ts, the request object gets
 * `additionalProperties: false`, so v1 fields (prompt, first_frame_image, ...) are errors.
 */
export function contractV2Validator(): (body: unknown, bytes?: number) => ContractCheck {
  const spec = parse(readFileSync(OPENAPI_V2_PATH, 'utf8')) as { components: { schemas: Record<string, object> } }
  const schemas = { ...spec.components.schemas }
  schemas.VideoGenerationV2Request = { ...schemas.VideoGenerationV2Request, additionalProperties: false }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ajv.addFormat('uri', (value: string) => URL.canParse(value))
  ajv.addSchema({ $id: 'minimax-v2.json', components: { schemas } })
  const byRef = (name: string): ValidateFunction => ajv.compile({ $ref: `minimax-v2.json#/components/schemas/${name}` })
  const validate = byRef('VideoGenerationV2Request')
  const items = Object.fromEntries(Object.entries(ITEM_SCHEMAS).map(([type, name]) => [type, byRef(name)]))

  return (body, bytes) => {
    const errors: string[] = []
    if (bytes !== undefined && bytes > V2_LIMITS.bodyBytes) errors.push(`request body is over 64 MB (${bytes} bytes)`)
    if (!validate(body)) errors.push(...schemaErrors(validate.errors ?? [], body, items))
    // Unlike contract.ts, the prose rules run even when the schema fails: they name the rule broken.
    if (isObject(body)) errors.push(...proseRules(body))
    return { ok: errors.length === 0, errors }
  }
}

/**
 * Ajv's errors, made readable. `ContentItem` is a oneOf of four item shapes, so one bad item
 * yields errors from every branch; report only those of the branch its `type` names.
 */
function schemaErrors(all: ErrorObject[], body: unknown, items: Record<string, ValidateFunction>): string[] {
  const errors: string[] = []
  const content = isObject(body) && Array.isArray(body.content) ? (body.content as unknown[]) : []
  const explained = new Set<number>()
  for (const e of all) {
    const at = /^\/content\/(\d+)(\/|$)/.exec(e.instancePath)
    if (!at) {
      errors.push(describe(e, ''))
      continue
    }
    const index = Number(at[1])
    if (explained.has(index)) continue
    explained.add(index)
    const item = content[index]
    const type = isObject(item) ? item.type : undefined
    const branch = typeof type === 'string' ? items[type] : undefined
    if (!branch) {
      errors.push(`/content/${index}/type must be one of ${Object.keys(ITEM_SCHEMAS).join(', ')}`)
      continue
    }
    branch(item)
    for (const b of branch.errors ?? []) errors.push(describe(b, `/content/${index}`))
  }
  return errors
}

function describe(e: ErrorObject, prefix: string): string {
  const params = e.params as Record<string, unknown>
  const detail =
    'additionalProperty' in params
      ? `: ${String(params.additionalProperty)}`
      : 'allowedValues' in params
        ? ` (${(params.allowedValues as unknown[]).join(', ')})`
        : 'allowedValue' in params
          ? ` (${String(params.allowedValue)})`
          : ''
  return `${prefix + e.instancePath || '(body)'} ${e.message}${detail}`
}

/** What the reference says beyond the schema's types (minimax-v2-video.reference.md §4, §5). */
function proseRules(body: Record<string, unknown>): string[] {
  const errors: string[] = []
  const content = Array.isArray(body.content) ? (body.content as unknown[]).filter(isObject) : []
  const texts = content.filter(item => item.type === 'text')
  const images = content.filter(item => item.type === 'image_url')
  // A lone image without a role counts as first_frame; with two or more, each must say its role.
  const roles = content.map(item =>
    item.type === 'image_url' && images.length === 1 ? (item.role ?? 'first_frame') : item.role
  )
  const count = (role: string): number => roles.filter(r => r === role).length

  // The official page says "one non-empty text item", Comfy Router "exactly one": send exactly one.
  if (texts.length !== 1) errors.push(`content must have exactly one text item, not ${texts.length}`)
  for (const item of texts) {
    if (typeof item.text !== 'string') continue
    if (item.text.trim() === '') errors.push('the text item is blank')
    const chars = [...item.text].length // code points, as "characters"
    if (chars > V2_LIMITS.promptChars) errors.push(`prompt is over ${V2_LIMITS.promptChars} characters: ${chars}`)
  }

  if (images.length > 1 && images.some(item => item.role === undefined))
    errors.push('with more than one image, every image_url item needs a role')
  const maxima = { first_frame: 1, last_frame: 1, reference_image: 9, reference_video: 3, reference_audio: 3 }
  for (const [role, max] of Object.entries(maxima))
    if (count(role) > max) errors.push(`at most ${max} ${role} item(s), not ${count(role)}`)
  const frames = count('first_frame') + count('last_frame')
  const references = count('reference_image') + count('reference_video') + count('reference_audio')
  if (references > 12) errors.push(`at most 12 reference files in all, not ${references}`)
  if (frames > 0 && references > 0)
    errors.push('frame roles (first_frame, last_frame) and reference_* roles must not be mixed')
  if (count('reference_audio') > 0 && count('reference_image') + count('reference_video') === 0)
    errors.push('reference_audio needs a reference_image or reference_video alongside')

  // ratio: the frames decide it in keyframe mode; text-to-video must name one (§4.4).
  const ratio = body.ratio
  if (frames > 0 && ratio !== undefined && ratio !== 'adaptive')
    errors.push(`ratio must be adaptive (or absent) when frames are given, not ${String(ratio)}`)
  if (frames === 0 && references === 0 && texts.length > 0 && (ratio === undefined || ratio === 'adaptive'))
    errors.push('text-to-video needs a ratio other than adaptive')

  const model = typeof body.model === 'string' ? V2_MODELS[body.model] : undefined
  if (model) {
    const name = String(body.model)
    if (typeof body.resolution === 'string' && !model.resolutions.includes(body.resolution))
      errors.push(`resolution ${body.resolution} is not offered by ${name} (${model.resolutions.join(', ')})`)
    const duration = body.duration
    if (typeof duration === 'number' && (duration < model.minDuration || duration > model.maxDuration))
      errors.push(`duration ${duration} is not offered by ${name} (${model.minDuration}-${model.maxDuration} s)`)
  }
  if (body.extra !== undefined && body.model !== 'MiniMax-H3-Max') errors.push('extra is only for MiniMax-H3-Max')

  content.forEach((item, index) => {
    if (item.type !== 'image_url' && item.type !== 'video_url' && item.type !== 'audio_url') return
    const location = item[item.type]
    const url = isObject(location) ? location.url : undefined
    if (typeof url !== 'string') return
    const problem = urlProblem(url, item.type === 'image_url' ? 'image' : item.type === 'video_url' ? 'video' : 'audio')
    if (problem) errors.push(`/content/${index}/${item.type}/url ${problem}`)
  })
  return errors
}

const DATA_TYPES = { image: '(jpeg|png|webp|heic|heif)', video: '(mp4|quicktime)', audio: '(wav|x-wav|mpeg|mp3)' }

/** A public http(s) URL, an mm_file:// id, or a lower-case data URL with valid base64 under the size cap. */
function urlProblem(url: string, kind: 'image' | 'video' | 'audio'): string | undefined {
  if (/^https?:\/\/[^\s/]+/.test(url) || /^mm_file:\/\/\S+$/.test(url)) return undefined
  const match = new RegExp(`^data:${kind}/${DATA_TYPES[kind]};base64,(.*)$`, 's').exec(url)
  if (!match) return `is neither an http(s) URL, an mm_file:// id nor a data:${kind}/${DATA_TYPES[kind]};base64, URL`
  const payload = match[2]!
  if (payload.length === 0 || payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload))
    return 'has invalid base64'
  const decoded = (payload.length / 4) * 3 - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0)
  const cap = V2_LIMITS[`${kind}Bytes`]
  if (decoded > cap) return `decodes to ${decoded} bytes, over ${cap / 1024 / 1024} MB`
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
