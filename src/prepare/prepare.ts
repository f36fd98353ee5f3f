/**
 * Between plan and execute, still before anything is paid for: the checks that touch the world
 * outside the runner's files. Each URL frame is fetched (public hosts only) and checked like a
 * file, so its bytes identify it and a bad image is refused now; the release to attach to is
 * looked up (a tag without a release is refused now, not after paying); and the folder the video
 * goes to is made and written to once. A dry run makes nothing: it only checks that the folder
 * could be made.
 */
import { ReleaseError } from '../errors.js'
import type { UrlFetchOptions } from '../frames/fetch.js'
import { waits, type InputName, type InputProblem, type Inputs } from '../inputs/inputs.js'
import { rulesOf } from '../minimax/rules.js'
import { framesOf } from '../plan/plan.js'
import type { Plan } from '../types/plan.js'
import { checkDestination } from '../video/destination.js'
import type { UrlFrame } from '../types/frame.js'
import type { Release } from '../types/release.js'

export interface Prepared {
  release?: Release
  problems: InputProblem[]
  warnings: string[]
  /** Lines for the log: a URL frame that could not be fetched (MiniMax checks it instead). */
  notes: string[]
}

export interface PrepareContext {
  workspace: string
  /** GITHUB_EVENT_NAME: upload-to-release: true needs a release event. */
  eventName: string | undefined
  signal?: AbortSignal
  /** How a release is looked up (the GitHub API; tests give their own). */
  findRelease?: typeof import('../github/release.js').findRelease
  /** How URL frames are fetched (tests resolve and route their names to a host on loopback). */
  fetch?: Pick<UrlFetchOptions, 'lookup' | 'route' | 'ca'>
}

export async function prepare(inputs: Inputs, plan: Plan, context: PrepareContext): Promise<Prepared> {
  const prepared: Prepared = { problems: [], warnings: [], notes: [] }
  // A dry run reports what a real run would refuse as warnings (it sends nothing either way).
  const refuse = (input: InputName, message: string, at: Pick<InputProblem, 'file' | 'line'> = {}): void => {
    if (inputs.dryRun) {
      prepared.warnings.push(`${input}: ${message} (a real run would be refused before sending anything)`)
    } else prepared.problems.push({ input, message, ...at })
  }

  await Promise.all(
    framesOf(plan)
      .filter((frame): frame is UrlFrame => frame.kind === 'url')
      .map(frame => fetchFrame(frame, inputs, plan, context, refuse, prepared.notes))
  )

  const target = inputs.uploadToRelease
  if (target && 'fromEvent' in target && context.eventName !== 'release') {
    refuse(
      'upload-to-release',
      `is true, which means the release of the triggering release event, but this run was started by ` +
        `${context.eventName || 'no event'}; give a release tag instead`
    )
  } else if (target && inputs.githubToken) {
    const findRelease = context.findRelease ?? (await import('../github/release.js')).findRelease
    try {
      prepared.release = await findRelease(inputs.githubToken, target)
    } catch (error) {
      if (!(error instanceof ReleaseError)) throw error
      refuse('upload-to-release', error.message)
    }
  }

  // Where the video will go: a folder that cannot be made, or a file the run reads (a frame, the
  // prompt file, the storyboard), is refused before paying.
  if (waits(inputs)) {
    const destination = checkDestination(inputs.outputPath, context.workspace, plan.inputFiles, {
      dryRun: inputs.dryRun
    })
    prepared.problems.push(...destination.problems.map(message => ({ input: 'output-path', message })))
    prepared.warnings.push(...destination.warnings)
  }
  return prepared
}

/** A URL frame's bytes, fetched and checked before paying; where it cannot be fetched, MiniMax checks it. */
async function fetchFrame(
  frame: UrlFrame,
  inputs: Inputs,
  plan: Plan,
  context: PrepareContext,
  refuse: (input: InputName, message: string, at?: Pick<InputProblem, 'file' | 'line'>) => void,
  notes: string[]
): Promise<void> {
  const { fetchUrlFrame } = await import('../frames/fetch.js')
  const got = await fetchUrlFrame(frame.url, {
    rules: rulesOf(inputs.model).image,
    timeoutMs: inputs.requestTimeout * 1000,
    signal: context.signal,
    ...context.fetch
  })
  if (got.kind === 'fetched') {
    frame.fetched = { sha256: got.sha256, image: got.image, size: got.bytes.length }
    return
  }
  if (got.kind === 'unfetched') {
    notes.push(`${frame.input}: ${got.problem}; it is identified by its URL, and MiniMax checks the image itself`)
    return
  }
  const board = plan.storyboard
  if (!board) return got.problems.forEach(p => refuse(frame.input as InputName, p))
  // A keyframe: the problem names the file and the keyframe's line, as the plan's problems do.
  const clip = plan.clips.find(c => c.job?.firstFrame === frame || c.job?.lastFrame === frame)
  const line = clip?.job?.firstFrame === frame ? clip.keyframe?.line : clip?.keyframe?.endLine
  const at = line ? `${board.file} line ${line}: ` : `${board.file}: `
  for (const p of got.problems) refuse('storyboard', `${at}${frame.input}.image: ${p}`, { file: board.file, line })
}
