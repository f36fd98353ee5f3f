/**
 * The pull-request comment: what merging (or this run) pays for, short enough for a phone. A
 * one-line verdict, then one row per clip (its keyframes with their lines, duration, list price,
 * new or reused), the keyframes that changed since the clips earlier runs made, and after a real
 * run the task ids and where the film went. Values from the repository or from MiniMax are escaped
 * as in the job summary.
 */
import type { ClipResult, CostResult, RunResult } from '../types/result.js'
import { formatMoney, PRICES_READ_ON } from '../minimax/prices.js'
import type { Plan } from '../types/plan.js'
import { code, literal, shownPath, shownText } from './markdown.js'
import type { Money } from '../types/money.js'

/** Rows shown; a longer storyboard is summed up after them (the job summary lists every clip). */
const MAX_ROWS = 50

/** Problems listed; the job summary and the annotations have every one. */
const MAX_PROBLEMS = 20

/**
 * The comment. `plan` is undefined when the inputs were refused before there was one (a
 * storyboard that does not parse): the comment then says so, so it never shows an older plan.
 */
export function renderPlanComment(
  result: RunResult,
  plan: Plan | undefined,
  subject: CommentSubject,
  workspace: string
): string {
  const lines = [subject.marker, `### ${title(subject)}`, '', `**${verdict(result)}**`, '']
  if (result.refused) lines.push(...refusedLines(result.refused, workspace), '')
  else if (result.failure) lines.push(`> ${literal(shownText(result.failure.split('\n')[0]!, workspace))}`, '')
  if (plan && result.clips.length > 0) lines.push(...clipTable(result, plan))
  if (result.film) {
    const film = shownPath(result.film.path, workspace)
    lines.push('', `Film: ${code(film)} (${result.film.durationSeconds.toFixed(1)} s)`)
  }
  lines.push(
    '',
    `<sub>MiniMax's list prices of ${PRICES_READ_ON} (see the README's Cost section); failed tasks are not ` +
      `billed, and video-package keys pay in points instead.</sub>`
  )
  return lines.join('\n')
}

/** What the comment is about (a storyboard, or a single-clip job) and the marker that finds it again. */
export interface CommentSubject {
  /** The storyboard as the step names it, relative to the workspace. */
  storyboard?: string
  marker: string
}

function refusedLines(refused: readonly string[], workspace: string): string[] {
  const shown = refused.slice(0, MAX_PROBLEMS).map(problem => `- ${literal(shownText(problem, workspace))}`)
  const more = refused.length - MAX_PROBLEMS
  return more > 0 ? [...shown, `- … and ${more} more (see the job summary)`] : shown
}

function clipTable(result: RunResult, plan: Plan): string[] {
  const real = !result.dryRun
  const lines = [
    `| clip | keyframes | duration | price | new or reused |${real ? ' task |' : ''}`,
    `| --- | --- | --- | --- | --- |${real ? ' --- |' : ''}`
  ]
  for (const clip of result.clips.slice(0, MAX_ROWS)) lines.push(row(result, plan, clip, real))
  if (result.clips.length > MAX_ROWS) lines.push('', `… and ${result.clips.length - MAX_ROWS} more clips.`)
  const changed = changedSince(result, plan)
  if (changed.length > 0) lines.push('', `Changed since the clips earlier runs made: ${changed.join('; ')}.`)
  return lines
}

/** One clip: its keyframes with their lines, duration, list price, new or reused (and its task, after a real run). */
function row(result: RunResult, plan: Plan, clip: ClipResult, real: boolean): string {
  const at = plan.clips[clip.index]?.keyframe
  const keyframes = `${frame(clip.firstImage, at?.line)} → ${frame(clip.lastImage, at?.endLine)}`
  const cost = result.cost?.clips[clip.index]
  const price = cost?.kind === 'shared' ? 'same task as above' : money(cost?.price)
  const what = clip.failure ? 'failed' : kindOf(cost)
  const task = real ? ` ${clip.taskId ? code(clip.taskId) : ''} |` : ''
  return `| ${clip.index + 1} | ${keyframes} | ${clip.duration ?? ''} s | ${price} | ${what} |${task}`
}

/** New, reused or shared, with the clips this run pays for in bold. */
function kindOf(cost: CostResult['clips'][number] | undefined): string {
  return cost?.kind === 'new' ? '**new**' : (cost?.kind ?? '')
}

function title(subject: CommentSubject): string {
  return subject.storyboard ? `MiniMax storyboard ${code(subject.storyboard)}` : 'MiniMax video'
}

/** "Merging pays for 2 new clips, about 4.00 CNY; 3 clips reused." */
function verdict(result: RunResult): string {
  const kinds = result.cost?.clips ?? []
  const fresh = kinds.filter(k => k.kind === 'new').length
  const reused = kinds.filter(k => k.kind === 'reused').length
  const total = result.cost?.total
  const cost = fresh === 0 ? '' : total ? `, about ${formatMoney(total)}` : ', at a price that is not known'
  const pays = `${fresh} new clip${fresh === 1 ? '' : 's'}${cost}`
  const rest = reused > 0 ? `; ${reused} clip${reused === 1 ? '' : 's'} reused` : ''
  if (result.refused) return 'Refused: nothing was sent, nothing paid.'
  if (result.dryRun) return `Merging pays for ${pays}${rest}${atMost(result.cost)}.`
  return result.failure && !result.clips.some(c => c.taskId)
    ? 'Failed before anything was paid.'
    : `This run paid for ${pays}${rest}.`
}

/** What a real run may pay on top, replacing recorded tasks that turn out to have failed. */
function atMost(cost: CostResult | undefined): string {
  return cost?.most ? ` (at most ${formatMoney(cost.most)} if recorded tasks must be replaced)` : ''
}

function frame(label: string | undefined, line: number | undefined): string {
  return `${code(label ?? '')}${line ? ` (line ${line})` : ''}`
}

const money = (m: Money | undefined): string => (m ? formatMoney(m) : 'unknown')

/**
 * What changed since the clips earlier runs made, read from which clips are new: a keyframe
 * between two new clips (its image serves both), or a new clip between reused ones (its own
 * prompt, duration or take; at either end of the film, maybe the film's end keyframe). With
 * nothing reused there is no earlier run to compare with, and nothing is listed.
 */
function changedSince(result: RunResult, plan: Plan): string[] {
  const kinds = result.cost?.clips ?? []
  const file = plan.storyboard?.file
  if (!file || !kinds.some(k => k.kind === 'reused')) return []
  const isNew = (i: number): boolean => kinds[i]?.kind === 'new'
  const at = (line: number | undefined): string => (line ? ` (${file} line ${line})` : '')
  const changed: string[] = []
  for (let i = 0; i < plan.clips.length; i++) {
    if (!isNew(i)) continue
    const keyframe = plan.clips[i]!.keyframe
    if (isNew(i + 1)) changed.push(`the image of keyframes[${i + 1}]${at(keyframe?.endLine)}`)
    else if (!isNew(i - 1)) {
      // The first and the last clip alone hold a keyframe no other clip shares: it may be that one.
      const end = i === 0 ? 0 : i === plan.clips.length - 1 ? i + 1 : undefined
      const ends = end === undefined ? '' : `, or the image of keyframes[${end}]`
      changed.push(`clip ${i + 1}, from keyframes[${i}]${at(keyframe?.line)}: its prompt, duration or take${ends}`)
    }
  }
  return changed
}
