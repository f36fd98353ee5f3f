/**
 * Once earlier runs were looked up, and before anything is sent: what each paid request starts
 * from (its video from an earlier run, its task, a lost answer, or nothing: it is paid for), how
 * many tasks the run pays for, and the checks that depend on it (max-paid-tasks, an earlier
 * answer that was lost). Pure: the same facts give the same decision, for a dry run and a real one.
 *
 * Clips that are the same request (equal fingerprints: same frames, prompt and settings) are one
 * request: one task serves them all.
 */
import type { InputProblem } from '../inputs/inputs.js'
import type { Plan } from '../types/plan.js'
import type { Job } from '../types/job.js'

/** What an earlier run recorded for one fingerprint. */
export interface Recorded {
  /** Its task: an id, or a submit whose answer was lost (it may have created a task nobody knows). */
  task?: { taskId?: string; lostAnswer?: string; createdAt: string; sentAt?: string; known?: string[] }
  /** Its video is recorded too. */
  clip: boolean
}

export type Start =
  /** A task the inputs name (task-id): collected, recorded under the fingerprint, never paid for. */
  | { kind: 'given'; taskId: string }
  /** The video an earlier run made: used as it is (its task, if recorded, is the way back). */
  | { kind: 'video'; taskId?: string }
  /** The task an earlier run paid for: collected; if MiniMax no longer has it, one new task. */
  | { kind: 'task'; taskId: string }
  /**
   * An earlier submit's answer was lost: MiniMax may have made the task. Never paid for again
   * blindly. `known`: the task ids that run knew, which are not this one.
   */
  | { kind: 'lost'; sentAt: string; reason?: string; known?: string[] }
  | { kind: 'pay' }

export interface Request {
  /** The clips it serves (0-based, in film order); the first one's video is copied to the others. */
  clips: number[]
  /** What is sent to MiniMax (missing only when a task is collected without its inputs). */
  job?: Job
  fingerprint?: string
  start: Start
}

export interface Decided {
  requests: Request[]
  /** New tasks a real run pays for: surely, and at most (a recorded task that failed is replaced). */
  pays: { sure: number; most: number }
  problems: InputProblem[]
  /** What the fingerprint leaves out and this run relies on (a callback that will not be called, ...). */
  warnings: string[]
  /** Lines for the log (not annotations): clips that share a request. */
  notes: string[]
}

export interface DecideOptions {
  maxPaidTasks: number
  /** Whether the run waits (a recorded task is only found to have failed by waiting for it). */
  waits: boolean
  /** Whether a lost answer can be looked for in MiniMax's task list (V2); else it blocks its clip. */
  findsLostTasks: boolean
  /** Not part of a fingerprint: a reused task calls back what its own run gave. */
  callbackUrl?: string
}

export function decide(
  plan: Plan,
  fingerprints: ReadonlyArray<string | undefined>,
  recorded: ReadonlyMap<string, Recorded>,
  options: DecideOptions
): Decided {
  const problems: InputProblem[] = []
  const notes: string[] = []
  const requests = group(plan, fingerprints, problems, notes)
  for (const request of requests) request.start = startOf(request, plan, recorded)
  const warnings = leftOut(requests, plan, options)
  const sure = requests.filter(r => r.start.kind === 'pay').length
  const replaceable = options.waits ? requests.filter(r => r.start.kind === 'task').length : 0
  const pays = { sure, most: sure + replaceable }

  if (sure > options.maxPaidTasks) {
    const reused = requests.length - sure
    const what = plan.storyboard ? plan.storyboard.file : 'this run'
    problems.push({
      input: 'max-paid-tasks',
      message:
        `is ${options.maxPaidTasks}, but ${what} would pay for ${sure} new tasks` +
        `${reused > 0 ? ` (${reused} reused from earlier runs)` : ''}; raise max-paid-tasks or split the storyboard`
    })
  }
  // One clip whose earlier answer was lost, and no task list to look in: nothing else to do, so refuse.
  const lost = requests[0]?.start
  if (plan.kind === 'single' && lost?.kind === 'lost' && !options.findsLostTasks) {
    const { what, advice } = lostAnswer(lost, undefined)
    problems.push({ input: 'task-id', message: `${what}: ${advice}` })
  }
  return { requests, pays, problems, warnings, notes }
}

/** What a reuse relies on that the fingerprint leaves out: the callback, and a frame known only by its URL. */
function leftOut(requests: readonly Request[], plan: Plan, options: DecideOptions): string[] {
  const warnings: string[] = []
  const reused = requests.filter(r => r.start.kind === 'video' || r.start.kind === 'task')
  const name = (r: Request): string => requestName(plan, r)
  if (options.callbackUrl && reused.length > 0) {
    const many = reused.length > 1
    warnings.push(
      `callback-url: ${reused.map(name).join(', ')} ${many ? 'come' : 'comes'} from an earlier run, so no new task ` +
        `is made and MiniMax sends nothing to ${options.callbackUrl} for ${many ? 'them' : 'it'} (the callbacks ` +
        `went to the callback-url of the run that created the task)`
    )
  }
  for (const request of reused) {
    const byUrl = [request.job?.firstFrame, request.job?.lastFrame].filter(f => f?.kind === 'url' && !f.fetched)
    if (byUrl.length === 0) continue
    warnings.push(
      `${name(request)} is reused from an earlier run, its frame known only by its URL (it could not be fetched ` +
        `to compare its bytes): if the image at ${byUrl.map(f => (f as { url: string }).url).join(' or ')} changed, ` +
        `set take: 2 to pay for a new one`
    )
  }
  return warnings
}

/** Clips with equal fingerprints become one request; a clip without one (task-id alone) is its own. */
function group(
  plan: Plan,
  fingerprints: ReadonlyArray<string | undefined>,
  problems: InputProblem[],
  notes: string[]
): Request[] {
  const requests: Request[] = []
  const byPrint = new Map<string, Request>()
  for (const clip of plan.clips) {
    const print = fingerprints[clip.index]
    const same = print === undefined ? undefined : byPrint.get(print)
    if (!same) {
      const request: Request = { clips: [clip.index], job: clip.job, fingerprint: print, start: { kind: 'pay' } }
      requests.push(request)
      if (print) byPrint.set(print, request)
      continue
    }
    same.clips.push(clip.index)
    const first = plan.clips[same.clips[0]!]!
    if (first.taskId && clip.taskId && first.taskId !== clip.taskId) {
      problems.push({
        input: 'storyboard',
        message:
          `${plan.storyboard?.file}: keyframes[${first.index}] and keyframes[${clip.index}] start the same request ` +
          `(same frames, prompt and settings), but name different task-ids; keep one, or give one of them a take`,
        file: plan.storyboard?.file,
        line: clip.keyframe?.line
      })
    }
  }
  for (const request of requests.filter(r => r.clips.length > 1)) {
    const names = request.clips.map(i => `${i + 1}`)
    notes.push(
      `Clips ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are the same request (same keyframes, prompt and ` +
        `settings): one task serves them all. Give one of them a take (take: 2) to pay for another take.`
    )
  }
  return requests
}

function startOf(request: Request, plan: Plan, recorded: ReadonlyMap<string, Recorded>): Start {
  const given = request.clips.map(i => plan.clips[i]!.taskId).find(id => id !== undefined)
  if (given) return { kind: 'given', taskId: given }
  const found = request.fingerprint === undefined ? undefined : recorded.get(request.fingerprint)
  const task = found?.task
  if (found?.clip) return { kind: 'video', taskId: task?.taskId }
  if (task?.taskId) return { kind: 'task', taskId: task.taskId }
  if (task) return { kind: 'lost', sentAt: task.sentAt ?? task.createdAt, reason: task.lostAnswer, known: task.known }
  return { kind: 'pay' }
}

/**
 * Why a clip whose earlier answer was lost is not paid for again (`what`), and the way out
 * (`advice`): the task-id of the task MiniMax made (the input, or the storyboard key on the clip's
 * keyframe), or a new take.
 */
export function lostAnswer(
  lost: Extract<Start, { kind: 'lost' }>,
  keyframe: { file: string; index: number; line?: number } | undefined
): { what: string; advice: string } {
  const what =
    `an earlier run sent this very request at ${lost.sentAt} and its answer was lost` +
    (lost.reason ? ` (${lost.reason})` : '')
  const look =
    'MiniMax may have created the task, so this run does not pay for it again. Look for it in ' +
    "MiniMax's task list, then "
  if (!keyframe) {
    return {
      what,
      advice:
        `${look}collect it with task-id (given with these same inputs, it is recorded as theirs), or set take: 2 ` +
        `(a new take) to pay for a new one.`
    }
  }
  const at = `keyframes[${keyframe.index}]${keyframe.line ? ` (${keyframe.file} line ${keyframe.line})` : ''}`
  return {
    what,
    advice:
      `${look}add the line  task-id: "<its id>"  to ${at}, or  take: 2  there to pay for a new take of this ` +
      `clip alone.`
  }
}

/** "clip 2", "clips 1 and 3" (one request serving both), or "the clip" of a single-clip run. */
export function requestName(plan: Plan, request: Request): string {
  if (!plan.storyboard) return 'the clip'
  const n = request.clips.map(i => i + 1)
  return n.length === 1 ? `clip ${n[0]}` : `clips ${n.slice(0, -1).join(', ')} and ${n.at(-1)}`
}
