export const id = 375;
export const ids = [375];
export const modules = {

/***/ 5217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hk: () => (/* binding */ ClipMismatchError),
/* harmony export */   Vk: () => (/* binding */ isLeading),
/* harmony export */   WK: () => (/* binding */ isAvcIdr),
/* harmony export */   br: () => (/* binding */ digest),
/* harmony export */   cG: () => (/* binding */ findDifferences),
/* harmony export */   fA: () => (/* binding */ mostCommon)
/* harmony export */ });
/* unused harmony export compareClips */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/**
 * Types and checks of the join: what a clip is made of, and whether clips can be joined.
 */



/** The clips cannot be joined by copying packets. `differences` are the sentences, `details` the same as data. */
class ClipMismatchError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .JoinError */ .hO {
    name = 'ClipMismatchError';
    details;
    /** The clips (counting from 1) that differ from the majority or cannot be joined, in order. */
    oddClips;
    constructor(details) {
        const texts = details.map(d => d.text);
        super(`The clips cannot be joined without re-encoding:\n- ${texts.join('\n- ')}`, texts);
        this.details = details;
        this.oddClips = [...new Set(details.map(d => d.clip))].sort((a, b) => a - b);
    }
}
/** Codecs whose joins this module knows how to check (IDR test, priming rules). */
const JOINABLE_VIDEO = new Set(['avc']);
const JOINABLE_AUDIO = new Set(['aac']);
/**
 * Every reason the clips cannot be joined by copying packets, each naming the clip (counting
 * from 1) and the field; empty when they can. Each field is compared with the value most clips
 * have (on a tie, the value of the earliest of them), so the odd clip is the one named, whatever
 * its place. Per-clip problems (no IDR first, unsupported codec) are listed too.
 */
function findDifferences(infos) {
    const found = [];
    const names = infos.map((clip, i) => `clip ${i + 1} (${node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(clip.path)})`);
    const alone = (i, field, value, sentence) => {
        found.push({ clip: i + 1, file: infos[i].path, field, value, majority: null, majorityClips: [], text: sentence });
    };
    infos.forEach((clip, i) => {
        const name = names[i];
        if (!JOINABLE_VIDEO.has(clip.video.codec)) {
            alone(i, 'video codec', clip.video.codec, `${name}: video codec ${clip.video.codec} is not supported (H.264 only)`);
        }
        else if (!clip.video.startsWithIdr) {
            const text = `${name}: the first video frame is not an IDR frame, so the clip cannot start a new segment`;
            alone(i, 'first frame', 'not IDR', text);
        }
        if (clip.audio && !JOINABLE_AUDIO.has(clip.audio.codec)) {
            alone(i, 'audio codec', clip.audio.codec, `${name}: audio codec ${clip.audio.codec} is not supported (AAC only)`);
        }
        // Its one picture would be the shared end of two seams at once.
        if (clip.video.packets < 2 && i > 0 && i < infos.length - 1) {
            alone(i, 'frames', '1', `${name}: has 1 video frame; a clip between two others needs at least 2`);
        }
    });
    for (const [field, valueOf] of FIELDS) {
        const values = infos.map(valueOf);
        const present = values.filter((v) => v !== null);
        if (present.length === 0)
            continue;
        const majority = mostFrequent(present);
        const majorityClips = values.flatMap((v, i) => (v === majority ? [i + 1] : []));
        values.forEach((value, i) => {
            if (value === null || value === majority)
                return;
            const others = majorityClips.length === 1 ? `clip ${majorityClips[0]} has` : `clips ${list(majorityClips)} have`;
            const text = `${names[i]}: ${field} is ${value}, ${others} ${majority}`;
            found.push({ clip: i + 1, file: infos[i].path, field, value, majority, majorityClips, text });
        });
    }
    return found.sort((a, b) => a.clip - b.clip);
}
/** The sentences of findDifferences. */
function compareClips(infos) {
    if (infos.length === 0)
        return ['no clips were given'];
    return findDifferences(infos).map(d => d.text);
}
/** Each compared field, as a string per clip (null: not applicable, e.g. audio fields without audio). */
const FIELDS = [
    ['video codec', c => c.video.codecString],
    ['frame size', c => `${c.video.codedWidth}x${c.video.codedHeight}`],
    ['rotation', c => `${c.video.rotation}°`],
    // Rounded to 0.001 fps: the same rate stored with different timescales compares equal.
    ['frame rate', c => `${round(c.video.frameRate)} fps`],
    ['video decoder configuration (avcC: SPS/PPS)', c => short(c.video.configDigest)],
    ['audio', c => (c.audio ? 'present' : 'absent')],
    ['audio codec', c => c.audio?.codecString ?? null],
    ['audio sample rate', c => (c.audio ? `${c.audio.sampleRate} Hz` : null)],
    ['audio channel count', c => (c.audio ? String(c.audio.channels) : null)],
    ['audio decoder configuration (AudioSpecificConfig)', c => (c.audio ? short(c.audio.configDigest) : null)]
];
/** The most frequent value; on a tie, the one that occurs first. */
function mostFrequent(values) {
    const counts = new Map();
    for (const v of values)
        counts.set(v, (counts.get(v) ?? 0) + 1);
    let best = values[0];
    for (const [value, count] of counts)
        if (count > counts.get(best))
            best = value;
    return best;
}
const list = (numbers) => numbers.length <= 2 ? numbers.join(' and ') : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
/** A packet that plays (mostly) before the video starts: encoder priming, hidden by the edit list. */
function isLeading(timestamp, videoStart, frameDuration) {
    return timestamp < videoStart - frameDuration / 2;
}
/** Whether an AVC sample (length-prefixed NAL units) contains an IDR slice (NAL type 5). */
function isAvcIdr(sample, avcC) {
    // avcC byte 4: lengthSizeMinusOne in its low 2 bits (ISO 14496-15). Usually 4-byte lengths.
    const lengthSize = ((avcC[4] ?? 0xff) & 0x03) + 1;
    let pos = 0;
    while (pos + lengthSize < sample.length) {
        let length = 0;
        for (let i = 0; i < lengthSize; i++)
            length = length * 256 + sample[pos + i];
        const type = sample[pos + lengthSize] & 0x1f;
        if (type === 5)
            return true;
        if (type >= 1 && type <= 4)
            return false; // a non-IDR slice came first
        pos += lengthSize + length;
    }
    return false;
}
function digest(bytes) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex');
}
function mostCommon(counts) {
    let best = 0;
    let bestCount = -1;
    for (const [value, count] of counts)
        if (count > bestCount)
            [best, bestCount] = [value, count];
    return best;
}
const round = (n) => Math.round(n * 1000) / 1000;
const short = (hex) => `sha256 ${hex.slice(0, 12)}…`;


/***/ }),

/***/ 6375:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ClipMismatchError: () => (/* reexport safe */ _join_common_js__WEBPACK_IMPORTED_MODULE_4__.Hk),
/* harmony export */   joinClips: () => (/* binding */ joinClips),
/* harmony export */   probeClip: () => (/* binding */ probeClip)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _join_common_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5217);
/* harmony import */ var _fs_cleanup_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(828);
/**
 * Join MP4 clips into one MP4 without re-encoding, in pure JavaScript with mediabunny (no ffmpeg
 * on the runner). Loaded only by a storyboard run that gets as far as joining.
 *
 * The clips' encoded frames are copied into one video track (and one audio track when the clips
 * have audio), each clip starting where the previous one ends. Nothing is decoded, so the pictures
 * are bit-identical to the clips'.
 *
 * That is only valid when every clip was encoded with the same codec parameters: an MP4 track has
 * ONE decoder configuration (avcC / AudioSpecificConfig); a clip with another one would decode as
 * garbage after its seam. So the clips are probed first and the join is refused, naming every
 * difference, unless they all match (compareClips).
 *
 * Seams: clip i ends on the picture clip i+1 starts with (first-and-last-frame generation), and
 * the film shows it for one frame period, not two. Where clip i's copy is its last frame in
 * decode order too (nothing refers to it), it is left out; elsewhere (B-frames decoded after it
 * refer to it) both copies stay, shown half a period each. Every other frame is untouched, and
 * the film lasts the clips' lengths less one period per seam. JoinResult.seams says which.
 *
 * Audio (AAC) is laid back to back, as a decoder plays it anyway: each packet decodes to 1024
 * samples. Later clips lose their encoder-priming packet (it would push their audio ~32 ms late),
 * and each clip's audio is cut at its video's (new) end, to within half an AAC frame, so that
 * audio and video stay in step at every seam and the error never builds up. A clip whose audio
 * is shorter than its video is filled to its end with silent AAC frames (aac-silence.ts), so the
 * decoded sample count and the timeline agree; for audio with no known silent frame (not AAC-LC
 * mono or stereo) the gap stays in the timeline only and JoinResult.unfillable says so. The first
 * AAC frame after a seam decodes slightly differently from the clip on its own (no priming to
 * overlap with): inherent to joining AAC without re-encoding.
 */







/** Probe one clip (metadata-only packet reads, plus the first packet's bytes for the IDR test). */
async function probeClip(file) {
    const { probeClip: probe } = await Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(366)]).then(__webpack_require__.bind(__webpack_require__, 366));
    return probe(file);
}
/**
 * Join the clips, in order, into `output`. Refuses with a ClipMismatchError (a JoinError; every
 * difference listed, each clip named counting from 1) unless every clip has the codec parameters
 * most clips have. Writes to a temporary file beside `output` and
 * renames it into place, so `output` is either the whole film or untouched; the temporary file is
 * removed on any failure, including an abort through `signal` or the process exiting.
 */
async function joinClips(options) {
    const { output, signal } = options;
    if (options.clips.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .JoinError */ .hO('there are no clips to join');
    // Same folder as the output, so the final rename stays on one file system (atomic).
    const temporary = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(output), `.${node_path__WEBPACK_IMPORTED_MODULE_2___default().basename(output)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.partial`);
    const forget = (0,_fs_cleanup_js__WEBPACK_IMPORTED_MODULE_5__/* .removeAtExit */ .m)(temporary);
    const packets = await Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(366)]).then(__webpack_require__.bind(__webpack_require__, 366));
    // Each clip is opened once: probed (all of them, so a mismatch is refused before anything is
    // written, and fastStart 'reserve' knows the packet counts), then copied from the same Input.
    const clips = await packets.openClips(options.clips, signal);
    try {
        const differences = (0,_join_common_js__WEBPACK_IMPORTED_MODULE_4__/* .findDifferences */ .cG)(clips.map(c => c.info));
        if (differences.length > 0)
            throw new _join_common_js__WEBPACK_IMPORTED_MODULE_4__/* .ClipMismatchError */ .Hk(differences);
        const result = await packets.writeByPackets(clips, temporary, options.fastStart ?? true, signal);
        signal?.throwIfAborted();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temporary, output);
        return result;
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(temporary, { force: true });
        throw error;
    }
    finally {
        packets.closeClips(clips);
        forget();
    }
}


/***/ })

};

//# sourceMappingURL=375.index.js.map