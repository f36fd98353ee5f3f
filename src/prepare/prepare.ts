/**
 * Between plan and execute, still before anything is paid for: the checks that touch the world
 * outside the runner's files. The release to attach to is looked up (a tag without a release is
 * refused now, not after paying), and the folder the video goes to is made and written to once.
 * A dry run makes nothing: it only checks that the folder could be made.
 */
import { ReleaseError } from '../errors.js'
import type { Release } from '../github/release.js'
import { waits, type InputName, type InputProblem, type Inputs } from '../inputs/inputs.js'
import type { Plan } from '../plan/types.js'
import { checkDestination } from '../video/destination.js'

export interface Prepared {
  release?: Release
  problems: InputProblem[]
  warnings: string[]
}

export interface PrepareContext {
  workspace: string
  /** GITHUB_EVENT_NAME: upload-to-release: true needs a release event. */
  eventName: string | undefined
  /** How a release is looked up (the GitHub API; tests give their own). */
  findRelease?: typeof import('../github/release.js').findRelease
}

export async function prepare(inputs: Inputs, plan: Plan, context: PrepareContext): Promise<Prepared> {
  const prepared: Prepared = { problems: [], warnings: [] }
  // A dry run reports what a real run would refuse as warnings (it sends nothing either way).
  const refuse = (input: InputName, message: string): void => {
    if (inputs.dryRun)
      prepared.warnings.push(`${input}: ${message} (a real run would be refused before sending anything)`)
    else prepared.problems.push({ input, message })
  }

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
