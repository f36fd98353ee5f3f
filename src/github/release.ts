/**
 * Attach the video to a GitHub release with @actions/github's Octokit (loaded only when this
 * runs; it honours GITHUB_API_URL, so GitHub Enterprise and the tests' stand-in work too).
 */
import { ReleaseError } from '../errors.js'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

export type ReleaseTarget = { tag: string } | { fromEvent: true }

export interface UploadOptions {
  token: string | undefined
  target: ReleaseTarget
  file: string
  log: (line: string) => void
}

interface Release {
  id: number
  upload_url: string
  tag_name?: string
}

export async function uploadToRelease(options: UploadOptions): Promise<string> {
  if (!options.token)
    throw new ReleaseError('upload-to-release: github-token is empty; give a token with contents: write')
  const { getOctokit, context } = await import('@actions/github')
  const octokit = getOctokit(options.token)
  const { owner, repo } = context.repo
  let release: Release
  if ('fromEvent' in options.target) {
    const fromEvent = context.payload.release as Release | undefined
    if (context.eventName !== 'release' || !fromEvent) {
      throw new ReleaseError(
        `upload-to-release: true attaches the video to the release of a release event, but this run was ` +
          `started by ${context.eventName || 'an unknown event'}; give a release tag instead`
      )
    }
    release = fromEvent
  } else {
    try {
      release = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: options.target.tag })).data
    } catch (error) {
      const status = (error as { status?: number }).status
      throw new ReleaseError(
        `upload-to-release: no release with tag ${options.target.tag} in ` +
          `${owner}/${repo}${status ? ` (HTTP ${status})` : ''}; create the release first`,
        { cause: error }
      )
    }
  }
  const name = path.basename(options.file)
  // A re-run replaces the asset it uploaded before instead of failing on the name.
  const assets = await octokit.rest.repos.listReleaseAssets({ owner, repo, release_id: release.id, per_page: 100 })
  for (const asset of assets.data.filter(a => a.name === name)) {
    options.log(`Replacing the release's existing asset ${name}`)
    await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id })
  }
  const data = await readFile(options.file)
  const uploaded = await octokit.request({
    method: 'POST',
    url: release.upload_url,
    name,
    data,
    headers: { 'content-type': 'video/mp4' }
  })
  const url = (uploaded.data as { browser_download_url?: string }).browser_download_url ?? ''
  options.log(`Attached ${name} to release ${release.tag_name ?? release.id}: ${url}`)
  return url
}
