/** A frame as every layer sees it: what an input gives (a path, a URL, a data URL), and what checking it found. */

export const IMAGE_FORMATS = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif'
} as const
export type ImageFormat = keyof typeof IMAGE_FORMATS

export interface ImageInfo {
  format: ImageFormat
  mime: (typeof IMAGE_FORMATS)[ImageFormat]
  width: number
  height: number
}

export type FrameSpec =
  { kind: 'url'; url: string } | { kind: 'data'; declaredMime: string; base64: string } | { kind: 'path'; path: string }

interface FrameBase {
  /** The input it came from: first-frame or last-frame. */
  input: string
  /** What the user gave, shortened for logs (never the base64). */
  source: string
}
export interface UrlFrame extends FrameBase {
  kind: 'url'
  url: string
  /**
   * What the runner fetched from the URL before paying (the prepare step), checked like a file;
   * its bytes' hash identifies the frame in a fingerprint. Unset when it could not be fetched:
   * then the URL does, and MiniMax checks the image itself.
   */
  fetched?: { sha256: string; image: ImageInfo; size: number }
}
export interface FileFrame extends FrameBase {
  kind: 'file'
  path: string
  size: number
  image: ImageInfo
  /** A file descriptor kept open from the check to the send, so the bytes sent are the bytes checked. */
  fd: number
}
export interface DataFrame extends FrameBase {
  kind: 'data'
  size: number
  image: ImageInfo
  bytes: Buffer
}
export type Frame = UrlFrame | FileFrame | DataFrame
export type ProbedFrame = FileFrame | DataFrame
