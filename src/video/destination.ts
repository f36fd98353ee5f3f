/**
 * Where a video goes, decided in one place, and checked before anything is paid for: the folder
 * can be made and written to, the file is not one the run reads (a frame, the prompt file, the
 * storyboard), and a file that is not a video is not replaced without a warning.
 */
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  rmSync,
  statSync
} from 'node:fs'
import path from 'node:path'
import { startsLikeMp4 } from '../fs/mp4.js'

const namesFolder = (outputPath: string, resolved: string): boolean =>
  /[/\\]$/.test(outputPath) || (existsSync(resolved) && statSync(resolved).isDirectory())

/**
 * output-path (relative to the workspace), or <name> in the folder it names, or <name> in the
 * workspace when it is empty. `name` is <task_id>.mp4 for a clip.
 */
export function videoDestination(outputPath: string | undefined, name: string, workspace: string): string {
  if (!outputPath) return path.resolve(workspace, name)
  const resolved = path.resolve(workspace, outputPath)
  return namesFolder(outputPath, resolved) ? path.join(resolved, name) : resolved
}

export interface DestinationCheck {
  problems: string[]
  warnings: string[]
}

/**
 * Check output-path before paying. A real run makes the folder and writes a probe file in it (a
 * dry run only checks that the nearest existing folder is writable, and makes nothing).
 */
export function checkDestination(
  outputPath: string | undefined,
  workspace: string,
  /** Real paths of the files the run reads: the video must not replace one. */
  inputFiles: readonly string[],
  options: { dryRun: boolean }
): DestinationCheck {
  const result: DestinationCheck = { problems: [], warnings: [] }
  const resolved = path.resolve(workspace, outputPath ?? '')
  const isFolder = !outputPath || namesFolder(outputPath, resolved)
  const folder = isFolder ? resolved : path.dirname(resolved)
  const existing = nearestExisting(folder)
  if (!statSync(existing).isDirectory()) {
    result.problems.push(`${resolved}: ${existing} is a file, so no folder can be made below it`)
    return result
  }
  const unwritable = writeFailure(folder, existing, options.dryRun)
  if (unwritable) {
    result.problems.push(`${resolved}: the video could not be written in ${unwritable.where} (${unwritable.code})`)
    return result
  }
  if (!isFolder && existsSync(resolved)) checkReplaced(resolved, inputFiles, result)
  return result
}

/** The folder itself, or the nearest of its parents that exists (a root always does). */
function nearestExisting(folder: string): string {
  let existing = folder
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  return existing
}

/**
 * Where and why the video could not be written, or null. Only a real run may make the folder, so
 * a dry run asks the nearest existing one for write permission instead.
 */
function writeFailure(folder: string, existing: string, dryRun: boolean): { where: string; code: string } | null {
  try {
    if (dryRun) accessSync(existing, fsConstants.W_OK)
    else {
      mkdirSync(folder, { recursive: true })
      const probe = path.join(folder, `.write-check-${randomBytes(4).toString('hex')}`)
      closeSync(openSync(probe, 'wx'))
      rmSync(probe, { force: true })
    }
    return null
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    return { where: dryRun ? existing : folder, code }
  }
}

/** An existing file at output-path: refused if the run reads it or it is no regular file, else a warning. */
function checkReplaced(resolved: string, inputFiles: readonly string[], result: DestinationCheck): void {
  const real = realpathSync(resolved)
  if (inputFiles.includes(real)) {
    result.problems.push(
      `${resolved} is one of this run's input files (a frame, the prompt file or the storyboard); the video ` +
        `would overwrite it`
    )
  } else if (!statSync(real).isFile()) {
    result.problems.push(`${resolved} exists and is not a regular file`)
  } else if (!startsLikeMp4(real)) {
    result.warnings.push(`output-path ${resolved} exists and is not a video; it will be replaced by the video`)
  }
}
