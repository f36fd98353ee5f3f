/**
 * The plan as one comment on the pull request that started the run: written once, then updated in
 * place on every later run (found by a hidden marker), never a second comment. A token that may
 * not write (a pull request from a fork gets a read-only one) is a warning, never a failed run.
 * @actions/github is loaded only here, only when comment-on-pr is on.
 */
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { CommentSubject } from './plan-comment.js'

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/**
 * What the comment is about and the marker that finds it again: one comment per workflow and
 * storyboard (or per workflow and single-clip job), so two workflows that plan the same
 * storyboard each keep their own.
 */
export function commentSubject(
  storyboardInput: string,
  workspace: string,
  env: Record<string, string | undefined>
): CommentSubject {
  const given = storyboardInput.trim()
  const relative = given && path.relative(workspace, path.resolve(workspace, given))
  const storyboard = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : given
  const what = [env.GITHUB_WORKFLOW, storyboard || env.GITHUB_JOB || 'clip'].filter(Boolean).join(' / ')
  const marker = `<!-- minimax-video-plan: ${what.replace(/\s+/g, ' ').replace(/--/g, '-')} -->`
  return { storyboard: storyboard || undefined, marker }
}

/**
 * Write `body` (which holds `marker`) as the pull request's comment, or update the one that holds
 * the marker. Says once, as an info line, when the run was not started by a pull request.
 */
export async function upsertPlanComment(
  token: string | undefined,
  marker: string,
  body: string,
  log: Logger
): Promise<'created' | 'updated' | 'skipped'> {
  const { context, getOctokit } = await import('@actions/github')
  const number = (context.payload.pull_request as { number?: unknown } | undefined)?.number
  if (!PULL_REQUEST_EVENTS.has(context.eventName) || typeof number !== 'number') {
    log.info(
      `comment-on-pr: this run was started by ${context.eventName || 'no event'}, not by a pull request, so no ` +
        `comment is written`
    )
    return 'skipped'
  }
  if (!token) {
    log.warning('comment-on-pr: github-token is empty, so the plan is not commented on the pull request')
    return 'skipped'
  }
  const octokit = getOctokit(token)
  const where = { ...context.repo, issue_number: number }
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 })
    // The action's own comment first: someone quoting the marker in a comment of theirs is not it.
    const marked = comments.filter(c => c.body?.includes(marker))
    const mine = marked.find(c => c.user?.type === 'Bot') ?? marked[0]
    if (mine) {
      await octokit.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body })
      log.info(`Updated the plan's comment on pull request #${number}.`)
      return 'updated'
    }
    await octokit.rest.issues.createComment({ ...where, body })
    log.info(`Commented the plan on pull request #${number}.`)
    return 'created'
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const why =
      status === 403 || status === 404
        ? `the token may not write to it (HTTP ${status}; a pull request from a fork gets a read-only token): give ` +
          `the job permissions: pull-requests: write`
        : errorMessage(error)
    log.warning(`comment-on-pr: the plan could not be commented on pull request #${number}: ${why}`)
    return 'skipped'
  }
}
