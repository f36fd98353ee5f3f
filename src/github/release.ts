/**
 * Attach the video to a GitHub release with @actions/github's Octokit (loaded only when this
 * runs; it honours GITHUB_API_URL, so GitHub Enterprise and the tests' stand-in work too).
 */
import { ReleaseError } from '../errors.js'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Release, ReleaseTarget } from '../types/release.js'

async function client(token: string | undefined) {
  if (!token) throw new ReleaseError('upload-to-release: github-token is empty; give a token with contents: write')
  const { getOctokit, context } = await import('@actions/github')
  return { octokit: getOctokit(token), context, ...context.repo }
}

/** The release to attach to, found before anything is paid for (a tag without a release is refused then). */
export async function findRelease(token: string | undefined, target: ReleaseTarget): Promise<Release> {
  const { octokit, context, owner, repo } = await client(token)
  if ('fromEvent' in target) {
    const fromEvent = context.payload.release as Release | undefined
    if (context.eventName !== 'release' || !fromEvent) {
      throw new ReleaseError(
        `upload-to-release: true attaches the video to the release of a release event, but this run was ` +
          `started by ${context.eventName || 'an unknown event'}; give a release tag instead`
      )
    }
    return fromEvent
  }
  try {
    return (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: target.tag })).data
  } catch (error) {
    const status = (error as { status?: number }).status
    throw new ReleaseError(
      `no release with tag ${JSON.stringify(target.tag)} in ${owner}/${repo}${status ? ` (HTTP ${status})` : ''}; ` +
        `create the release first`,
      { cause: error }
    )
  }
}

/** Attach `file` to the release, replacing an asset of the same name (a re-run's earlier upload). */
export async function uploadAsset(
  token: string | undefined,
  release: Release,
  file: string,
  log: (line: string) => void
): Promise<string> {
  const { octokit, owner, repo } = await client(token)
  const name = path.basename(file)
  const assets = await octokit.rest.repos.listReleaseAssets({ owner, repo, release_id: release.id, per_page: 100 })
  for (const asset of assets.data.filter(a => a.name === name)) {
    log(`Replacing the release's existing asset ${name}`)
    await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id })
  }
  const data = await readFile(file)
  const uploaded = await octokit.request({
    method: 'POST',
    url: release.upload_url,
    name,
    data,
    headers: { 'content-type': 'video/mp4' }
  })
  const url = (uploaded.data as { browser_download_url?: string }).browser_download_url ?? ''
  log(`Attached ${name} to release ${release.tag_name ?? release.id}: ${url}`)
  return url
}
