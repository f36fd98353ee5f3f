/**
 * Every input of the action, declared once: its description and default (action.yml is generated
 * from these: `npm run build`), whether it is secret, and the rule that turns its text into a
 * value or refuses it. The name list, the defaults and the typed Inputs derive from this table.
 */
import { classifyFrame, publicUrl } from '../frames/source.js'
import { isLoopbackHost } from '../net/hosts.js'
import { parseMoney } from '../minimax/prices.js'
import { MODEL, MODELS, OTHER_MODE_MODELS, RESOLUTIONS } from '../minimax/rules.js'
import type { FrameSpec } from '../types/frame.js'
import type { ReleaseTarget } from '../types/release.js'

/** Refuse the input with a message that follows its name ("resolution: must be ..."). */
export type Fail = (message: string) => never

export interface InputDeclaration<T> {
  description: string
  /** Applied when the input is empty; action.yml shows it. */
  default?: string
  /** A default only the runner can supply (an expression such as ${{ github.token }}); action.yml shows it. */
  runnerDefault?: string
  /** action.yml's `required` (the checks decide what is really needed, e.g. a dry run needs no key). */
  required?: boolean
  /** Masked before anything is logged, and never printed. */
  secret?: boolean
  /** May hold line breaks (the prompt); every other input is one line without control characters. */
  multiline?: boolean
  /** The trimmed text, with the default applied when empty. */
  parse(text: string, fail: Fail): T
}

const input = <T>(declaration: InputDeclaration<T>): InputDeclaration<T> => declaration

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']
const BOOLEAN_FORMS = 'true or false (True, TRUE, False and FALSE also work)'

/** A value as it appears in a message: quoted, shortened, never able to break a log line. */
export const quoted = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)

export const isTrue = (text: string): boolean => TRUE.includes(text)
export const isFalse = (text: string): boolean => FALSE.includes(text)

function boolean(description: string, defaultValue: 'true' | 'false'): InputDeclaration<boolean> {
  return input({
    description,
    default: defaultValue,
    parse: (text, fail) => {
      if (isTrue(text)) return true
      if (isFalse(text)) return false
      return fail(`must be ${BOOLEAN_FORMS}; got ${quoted(text)}`)
    }
  })
}

function seconds(description: string, defaultValue: string, min: number, max: number): InputDeclaration<number> {
  return input({
    description,
    default: defaultValue,
    parse: (text, fail) => {
      const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
      if (!(n >= min && n <= max)) return fail(`must be a number of seconds from ${min} to ${max}; got ${quoted(text)}`)
      return n
    }
  })
}

function frame(description: string): InputDeclaration<FrameSpec | undefined> {
  return input({
    description,
    parse: (text, fail) => {
      if (!text) return undefined
      const spec = classifyFrame(text)
      return 'problem' in spec ? fail(spec.problem) : spec
    }
  })
}

export function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}

export const INPUTS = {
  'api-key': input({
    description:
      'MiniMax API key. Pass it from a secret. It is masked before anything is logged. Needed by every run but a ' +
      'dry run (a pull-request preview needs none).',
    secret: true,
    parse: (text, fail) => {
      if (/\s/.test(text))
        return fail('contains a space or line break inside it; copy the key again from the MiniMax console')
      // Never echoed: the message says what is wrong, not where.
      if (!/^[\x21-\x7e]*$/.test(text)) {
        return fail('contains a character that is not printable ASCII, which no MiniMax key has; copy it again')
      }
      return text
    }
  }),
  'last-frame': frame(
    'End frame: a path (relative to the workspace), an https:// or http:// URL, or a data:image/...;base64, URL. ' +
      'JPEG, PNG or WebP by content, under 20 MB, short side over 300 px, aspect ratio between 2:5 and 5:2 ' +
      '(MiniMax-H3: also HEIC/HEIF, up to 30 MB, each side 256 to 5760 px) ' +
      '(a data URL only for frames under about 96 KB: an input travels in an environment variable). ' +
      'Required by MiniMax-Hailuo-02 unless task-id is set; MiniMax-H3 needs a first frame, a last frame or both.'
  ),
  'first-frame': frame(
    'Start frame, in the same forms as last-frame. The video takes its size. MiniMax-H3 takes a first frame, a ' +
      'last frame or both.'
  ),
  prompt: input({
    description:
      'What happens between the frames, up to 2000 characters (MiniMax-H3: required, up to 7000). Camera ' +
      'commands in square brackets, ' +
      'in Chinese or English, e.g. [推进], [Pan left], [左摇,上升].',
    multiline: true,
    parse: text => text
  }),
  'prompt-file': input({
    description: 'Read the prompt from this UTF-8 file instead (relative to the workspace). Not together with prompt.',
    parse: text => text
  }),
  model: input({
    description:
      'MiniMax-Hailuo-02 (the V1 API), or MiniMax-H3 / MiniMax-H3-Max (the V2 API: 4 to 15 s, sound, 2K). Each ' +
      "model's rules are checked before paying.",
    default: MODEL,
    parse: (text, fail) => {
      const known = MODELS.find(m => m.toLowerCase() === text.toLowerCase())
      if (known) return known
      const offered = `${MODELS.slice(0, -1).join(', ')} or ${MODELS.at(-1)}`
      const other = OTHER_MODE_MODELS.find(m => m.toLowerCase() === text.toLowerCase())
      if (other) {
        return fail(
          `${quoted(text)} is a MiniMax model for other modes; first-and-last-frame video is offered by ${offered}`
        )
      }
      return fail(`must be ${offered}, the models offered for first-and-last-frame video; got ${quoted(text)}`)
    }
  }),
  resolution: input({
    description:
      'MiniMax-Hailuo-02: 768P or 1080P (1080P only with duration 6); MiniMax-H3: 768P or 2K; MiniMax-H3-Max: ' +
      '480P or 768P. A lower-case p works too.',
    default: '768P',
    parse: (text, fail) => {
      const upper = text.toUpperCase()
      const known = RESOLUTIONS.find(r => r === upper)
      if (known) return known
      // What the model takes is added by parseInputs, which knows the model.
      if (upper === '512P') {
        return fail(`512P is not offered for first-and-last-frame video (MiniMax offers it only for other modes)`)
      }
      return fail(`${quoted(text)} is not a resolution MiniMax offers for this (a lower-case p works too)`)
    }
  }),
  duration: input({
    description:
      'Seconds: MiniMax-Hailuo-02 6 or 10 (10 only at 768P); MiniMax-H3 any whole number from 4 to 15; ' +
      'MiniMax-H3-Max 5 to 15.',
    default: '6',
    parse: (text, fail) => {
      // Which whole numbers a model takes is checked with the model (inputs.ts).
      const n = /^\d+\s*s?$/i.test(text) ? Number.parseInt(text, 10) : NaN
      if (!(n >= 1 && n <= 60)) return fail(`must be a whole number of seconds, such as 6; got ${quoted(text)}`)
      return n
    }
  }),
  'prompt-optimizer': boolean(
    'Let MiniMax rewrite the prompt for better results (MiniMax-Hailuo-02; no effect on MiniMax-H3). false for ' +
      'exact control.',
    'true'
  ),
  'prompt-expansion': input({
    description:
      'MiniMax-H3-Max only: how much MiniMax expands the prompt, disabled, balanced or quality (empty: its default).',
    parse: (text, fail) => {
      if (!text) return undefined
      const mode = (['disabled', 'balanced', 'quality'] as const).find(m => m === text.toLowerCase())
      return mode ?? fail(`must be disabled, balanced or quality; got ${quoted(text)}`)
    }
  }),
  'aigc-watermark': boolean("Add MiniMax's AI-generated-content watermark to the video.", 'false'),
  'callback-url': input({
    description:
      'An http(s) URL that MiniMax POSTs status changes to (it first sends a challenge to echo back within 3 s).',
    parse: (text, fail) => {
      if (!text) return undefined
      if (!httpUrl(text)) {
        return fail(`must be an https:// or http:// URL that MiniMax can POST status changes to; got ${quoted(text)}`)
      }
      const checked = publicUrl(text)
      return 'problem' in checked ? fail(checked.problem) : checked.href
    }
  }),
  'base-url': input({
    description:
      'MiniMax API host. https://api.minimaxi.com for mainland China accounts, https://api.minimax.io for ' +
      'international accounts (keys work only with their own region).',
    default: 'https://api.minimaxi.com',
    parse: (text, fail) => {
      const url = httpUrl(text)
      if (!url) {
        return fail(
          `must be an https:// URL such as https://api.minimaxi.com (mainland China) or https://api.minimax.io ` +
            `(international); got ${quoted(text)}`
        )
      }
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        return fail(
          `uses plain http:// to ${url.hostname}, which would send your API key unencrypted; use https:// ` +
            `(plain http is allowed only for localhost)`
        )
      }
      // Never echoed: it would print the password.
      if (url.username || url.password)
        return fail('must not carry credentials (user:password@); the key goes in api-key')
      if (url.search || url.hash) return fail(`must not carry a query or fragment; got ${quoted(text)}`)
      return text.replace(/\/+$/, '')
    }
  }),
  'dry-run': boolean(
    'Check everything and print the request (key hidden, frames summarised) without sending anything.',
    'false'
  ),
  wait: boolean('Wait for the task to finish and download the video.', 'false'),
  'wait-timeout': seconds('Seconds to wait at most for the video.', '1800', 1, 6 * 3600),
  'poll-interval': seconds(
    'Seconds between status queries while waiting (MiniMax suggests about 10).',
    '10',
    0.01,
    600
  ),
  'output-path': input({
    description:
      'Where to write the video (folders are created). A folder (or a path ending in /) gets <task_id>.mp4. ' +
      'Default <task_id>.mp4 in the workspace.',
    parse: text => text || undefined
  }),
  storyboard: input({
    description:
      'A YAML file in the workspace that lists keyframes (image, and the prompt and duration of the clip that ' +
      'starts there): every pair of neighbours becomes a clip, generated in parallel and joined into one MP4. ' +
      'Not together with first-frame, last-frame, prompt, prompt-file or task-id.',
    parse: text => text || undefined
  }),
  'max-paid-tasks': input({
    description: 'A storyboard that would create more paid tasks than this is refused before anything is sent.',
    default: '20',
    parse: (text, fail) => {
      const n = /^\d+$/.test(text) ? Number(text) : NaN
      if (!(n >= 1 && n <= 1000)) return fail(`must be a whole number from 1 to 1000; got ${quoted(text)}`)
      return n
    }
  }),
  'max-cost': input({
    description:
      'A cap in money, with its currency: 5 CNY, 1.50 USD. A run whose new tasks would cost more at list prices ' +
      '(https://api.minimax.io bills in USD, other hosts in CNY) is refused before anything is sent; so is one whose ' +
      'price is unknown. Only what will be paid counts: reused clips are free.',
    parse: (text, fail) => {
      if (!text) return undefined
      const money = parseMoney(text)
      return 'problem' in money ? fail(money.problem) : money
    }
  }),
  'comment-on-pr': boolean(
    'On a pull_request or pull_request_target event, write the plan (clips to pay for, clips reused, the ' +
      'estimate, what changed) as one comment on the pull request, updated in place on every later run. Uses ' +
      'github-token (needs pull-requests: write).',
    'false'
  ),
  'submit-rate': input({
    description:
      'Requests that create a task, per minute, for all clips together (one pacer; a rate-limit answer slows it ' +
      'down). Empty: 5 for MiniMax-Hailuo-02; 60 for MiniMax-H3, with at most 30 tasks in flight. Queries and ' +
      'downloads are paced by poll-interval.',
    parse: (text, fail) => {
      // Empty: the model's own rate (the combination checks pick it).
      if (!text) return undefined
      const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
      if (!(n > 0 && n <= 600))
        return fail(`must be a number of requests per minute, above 0 and at most 600; got ${quoted(text)}`)
      return n
    }
  }),
  take: input({
    description:
      'Part of what a request is recognised by across runs (its fingerprint): a re-run with the same inputs reuses ' +
      'the task or clip an earlier run paid for. Set another take (2, 3, ...) to pay for a new take of the same ' +
      'inputs.',
    default: '1',
    parse: (text, fail) => {
      if (text.length > 64) return fail(`must be at most 64 characters; got ${quoted(text)}`)
      return text
    }
  }),
  cache: boolean(
    'Record each paid task and its clip across runs (in cache-dir, or the GitHub Actions cache), so a re-run with ' +
      'the same inputs pays for nothing it already has. false turns this off.',
    'true'
  ),
  'cache-dir': input({
    description:
      'A folder that holds the records (self-hosted runners, local runs, or a folder you keep with actions/cache). ' +
      'Empty: the GitHub Actions cache service.',
    parse: text => text || undefined
  }),
  'task-id': input({
    description:
      'Skip submitting and wait for this existing task instead (to collect a video after a timeout, or in a ' +
      'later job). No frame is needed then.',
    parse: (text, fail) => {
      if (!text) return undefined
      if (!/^\d{1,20}$/.test(text)) {
        return fail(`must be a MiniMax task id: a string of digits such as 106916112212032; got ${quoted(text)}`)
      }
      return text
    }
  }),
  'upload-to-release': input({
    description:
      'Attach the video to a release: a release tag, or true for the release of the triggering release event. ' +
      'Implies wait.',
    parse: (text): ReleaseTarget | undefined => {
      if (!text || isFalse(text)) return undefined
      return isTrue(text) ? { fromEvent: true } : { tag: text }
    }
  }),
  'github-token': input({
    description:
      'Token for upload-to-release (needs contents: write) and comment-on-pr (needs pull-requests: write). Used for ' +
      'nothing else.',
    runnerDefault: '${{ github.token }}',
    secret: true,
    parse: text => text || undefined
  }),
  'max-retries': input({
    description:
      "How many times a failed request is retried (rate limits, 5xx, network errors, MiniMax's retryable codes). " +
      'A submit that may have reached MiniMax is never retried.',
    default: '5',
    parse: (text, fail) => {
      const n = /^\d+$/.test(text) ? Number(text) : NaN
      if (!(n >= 0 && n <= 20)) return fail(`must be a whole number from 0 to 20; got ${quoted(text)}`)
      return n
    }
  }),
  'request-timeout': seconds(
    'Seconds one request may take (connect, answer, body). A call gives up, retries included, within three times this.',
    '60',
    0.1,
    600
  ),
  'retry-initial-delay': seconds(
    'Seconds before the first retry; each retry doubles it (up to 30 s), with full jitter. Retry-After is honoured.',
    '1',
    0,
    60
  )
}
