/** What the record store (store.ts) asks of where records live: a folder, or the GitHub Actions cache. */

/** The storage itself: raw files in, raw files out. The RecordStore below checks what comes back. */
export interface Backend {
  readonly name: string
  getTask(fingerprint: string): Promise<string | undefined>
  hasClip(fingerprint: string): Promise<boolean>
  /** Put the clip's record.json and clip.mp4 in `into`; false when there is none. */
  getClip(fingerprint: string, into: string): Promise<boolean>
  putTask(fingerprint: string, text: string): Promise<void>
  putClip(fingerprint: string, text: string, file: string): Promise<void>
}

/** The files of a recorded clip, as a backend hands them over. */
export const FILE_RECORD = 'record.json'
export const FILE_CLIP = 'clip.mp4'
