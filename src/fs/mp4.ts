/** Whether a file starts like an MP4 (an ftyp box at its start): a video, not some other file. */
import { closeSync, constants as fsConstants, openSync, readSync } from 'node:fs'

/** Synchronous, with O_NONBLOCK (a FIFO in its place must not hang the check); 8 bytes are read. */
export function startsLikeMp4(file: string): boolean {
  const fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  try {
    const head = Buffer.alloc(8)
    return readSync(fd, head, 0, 8, 0) === 8 && head.toString('latin1', 4, 8) === 'ftyp'
  } finally {
    closeSync(fd)
  }
}
