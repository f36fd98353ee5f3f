/**
 * Silent AAC frames, to fill a gap in a film's sound where a clip's audio is shorter than its
 * video. An AAC packet always decodes to 1024 samples: a gap marked only by a longer packet
 * duration is ignored by decoders, which play the samples back to back, so everything after it
 * would sound early. Real silent frames keep the decoded sample count and the timeline equal.
 *
 * A silent AAC-LC frame is a constant: one channel element whose ICS has max_sfb = 0 (no scale
 * factor bands, so no spectral data), then the END element. The bytes below are exactly what
 * ffmpeg's AAC encoder (and @mediabunny/aac-encoder, its WASM build) writes for digital silence
 * at any sample rate and bit rate: a long window, KBD shape, global gain 140. They carry no
 * sample rate, so one frame serves every rate; only the channel configuration shapes them.
 */

/** ID_SCE, tag 0, global_gain 140, ics_info (ONLY_LONG, KBD, max_sfb 0), no tools; ID_END. */
const MONO = Uint8Array.of(0x01, 0x18, 0x20, 0x07)
/** ID_CPE, tag 0, common_window with the same ics_info, no M/S, two empty ICS; ID_END. */
const STEREO = Uint8Array.of(0x21, 0x10, 0x04, 0x60, 0x8c, 0x1c)

/** What an AudioSpecificConfig (ISO 14496-3 1.6.2.1) says about the frames a silent one must match. */
export interface AacConfig {
  /** 2 = AAC-LC; 5 and 29 (HE-AAC) and the others have no constant silent frame here. */
  objectType: number
  /** 1 = mono, 2 = stereo; 0 = given by a program config element; 3-7 = more channels. */
  channelConfiguration: number
}

/** The two fields of an AudioSpecificConfig that decide the silent frame, or null if it is too short. */
export function readAacConfig(asc: Uint8Array): AacConfig | null {
  if (asc.length < 2) return null
  const bits = new BitReader(asc)
  let objectType = bits.read(5)
  if (objectType === 31) objectType = 32 + bits.read(6)
  const frequencyIndex = bits.read(4)
  if (frequencyIndex === 15) bits.read(24)
  const channelConfiguration = bits.read(4)
  return bits.overrun ? null : { objectType, channelConfiguration }
}

/** A silent frame for packets of this configuration, or null where none is known (see AacConfig). */
export function silentAacFrame(config: AacConfig): Uint8Array | null {
  if (config.objectType !== 2) return null
  if (config.channelConfiguration === 1) return MONO
  if (config.channelConfiguration === 2) return STEREO
  return null
}

class BitReader {
  private pos = 0
  overrun = false
  private readonly bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }

  read(count: number): number {
    let value = 0
    for (let i = 0; i < count; i++, this.pos++) {
      const byte = this.bytes[this.pos >> 3]
      if (byte === undefined) this.overrun = true
      value = value * 2 + (((byte ?? 0) >> (7 - (this.pos & 7))) & 1)
    }
    return value
  }
}
