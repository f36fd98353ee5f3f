/** The release a video is attached to: named by the inputs (a tag, or the triggering release event), then found. */

export type ReleaseTarget = { tag: string } | { fromEvent: true }

export interface Release {
  id: number
  upload_url: string
  tag_name?: string
}
