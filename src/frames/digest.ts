/**
 * The SHA-256 of a frame's bytes as they are sent (a file through the descriptor kept open since
 * its check, a data URL's decoded bytes), computed once per frame: a keyframe shared by two clips
 * is hashed once. A URL frame is identified by the bytes fetched from it, or by the URL itself when
 * it could not be fetched.
 */
import { createHash } from 'node:crypto'
import { read } from 'node:fs'
import { promisify } from 'node:util'
import type { Frame, ProbedFrame } from '../types/frame.js'

const readAsync = promisify(read)
const digests = new WeakMap<ProbedFrame, Promise<string>>()
const CHUNK = 1024 * 1024

export function frameDigest(frame: ProbedFrame): Promise<string> {
  let digest = digests.get(frame)
  if (!digest) {
    digest = frame.kind === 'data' ? Promise.resolve(sha256(frame.bytes)) : fileDigest(frame)
    digests.set(frame, digest)
  }
  return digest
}

/** What identifies a frame in a fingerprint: its bytes' hash, or its URL. */
export async function frameIdentity(frame: Frame | undefined): Promise<{ sha256: string } | { url: string } | null> {
  if (!frame) return null
  // A URL frame fetched before paying is identified by its bytes, like a file: an image replaced
  // at the same URL is another request.
  if (frame.kind === 'url') return frame.fetched ? { sha256: frame.fetched.sha256 } : { url: frame.url }
  return { sha256: await frameDigest(frame) }
}

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

/** Exactly `size` bytes from the open descriptor (positioned reads: the file may be sent at the same time). */
async function fileDigest(frame: Extract<ProbedFrame, { kind: 'file' }>): Promise<string> {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, frame.size)))
  for (let position = 0; position < frame.size;) {
    const { bytesRead } = await readAsync(frame.fd, buffer, 0, Math.min(buffer.length, frame.size - position), position)
    if (bytesRead === 0) throw new Error(`${frame.path} shrank while it was being hashed`)
    hash.update(buffer.subarray(0, bytesRead))
    position += bytesRead
  }
  return hash.digest('hex')
}
