/**
 * Test helper: decode a film or a clip with ffmpeg, as a viewer's player would, and read what it
 * shows and plays. Only where ffmpeg is installed (`hasFfmpeg`); tests skip elsewhere.
 *
 * Video is decoded with `-fps_mode passthrough -enc_time_base -1`: every decoded frame with its
 * own timestamp. ffmpeg's default output side rounds timestamps to 1/fps, so the two half-period
 * copies at a retimed seam would collide there and it prints "non monotonically increasing dts"
 * about its own output, not about the file.
 */
import { execFileSync, spawnSync } from 'node:child_process'

export const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0

const PASSTHROUGH = ['-fps_mode', 'passthrough', '-enc_time_base', '-1']

export interface Frame {
  /** Presentation time, in seconds. */
  time: number
  /** MD5 of the decoded picture (ffmpeg framemd5, the decoder's own pixel format). */
  md5: string
  /** The source frame number burnt into the picture (test/fixtures/clips/make-fixtures.sh). */
  counter: number
}

/** Every decoded frame, in presentation order. */
export function decodeFrames(file: string, width = 128, height = 72): Frame[] {
  const md5 = ffmpeg(['-i', file, '-map', '0:v', ...PASSTHROUGH, '-f', 'framemd5', '-']).toString('utf8')
  const tb = /^#tb 0: (\d+)\/(\d+)$/m.exec(md5)
  if (!tb) throw new Error(`no time base in ffmpeg's framemd5 of ${file}`)
  const rows = md5
    .split('\n')
    .filter(l => l && !l.startsWith('#'))
    .map(l => l.split(',').map(c => c.trim()))
  const gray = ffmpeg(['-i', file, '-map', '0:v', ...PASSTHROUGH, '-pix_fmt', 'gray', '-f', 'rawvideo', '-'])
  const size = width * height
  if (gray.length !== rows.length * size) throw new Error(`${file}: ${rows.length} hashes but ${gray.length} bytes`)
  return rows.map((row, i) => ({
    time: (Number(row[2]) * Number(tb[1])) / Number(tb[2]),
    md5: row[5]!,
    counter: readCounter(gray.subarray(i * size, (i + 1) * size), width)
  }))
}

/** 8 blocks of 16x16 in the top rows, least significant bit left, white = 1 (the centre 8x8 of each is read). */
function readCounter(picture: Uint8Array, width: number): number {
  let value = 0
  for (let bit = 0; bit < 8; bit++) {
    let total = 0
    for (let y = 4; y < 12; y++) for (let x = bit * 16 + 4; x < bit * 16 + 12; x++) total += picture[y * width + x]!
    if (total / 64 > 128) value |= 1 << bit
  }
  return value
}

/** The decoded sound, 48 kHz stereo, interleaved 16-bit samples (the edit list applied). */
export function decodePcm(file: string): Int16Array {
  const bytes = ffmpeg(['-i', file, '-map', '0:a', '-f', 's16le', '-ac', '2', '-ar', '48000', '-'])
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2)
}

/**
 * Where in `film` (in sample frames) the clip's own sample frame 0 lies: the offset at which the
 * film's decoded samples equal the clip's over `length` frames taken `from` into the clip,
 * searched within `range` of `around`. They are equal because an AAC packet decodes from itself
 * and the packet before it only, both copied from the clip; to within 1 of 32768, as ffmpeg's
 * float decoder rounds (a wrong offset of a chirp differs by thousands). Null if none matches.
 */
export function findClip(
  film: Int16Array,
  clip: Int16Array,
  options: { from: number; length: number; around: number; range: number }
): number | null {
  const { from, length, around, range } = options
  const window = clip.subarray(from * 2, (from + length) * 2)
  for (let lag = Math.max(0, around - range); lag <= around + range; lag++) {
    const start = (lag + from) * 2
    if (start + window.length > film.length) break
    let same = true
    for (let i = 0; i < window.length && same; i++) same = Math.abs(film[start + i]! - window[i]!) <= 1
    if (same) return lag
  }
  return null
}

/** ffmpeg's error output for a full decode of the file (empty = clean). */
export function decodeErrors(file: string): string {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, ...PASSTHROUGH, '-f', 'null', '-'], { encoding: 'utf8' })
  return run.stderr
}

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', ...args], { maxBuffer: 256 * 1024 * 1024 })
}
