export const id = 375;
export const ids = [375];
export const modules = {

/***/ 15217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vk: () => (/* binding */ isLeading),
/* harmony export */   WK: () => (/* binding */ isAvcIdr),
/* harmony export */   br: () => (/* binding */ digest),
/* harmony export */   fA: () => (/* binding */ mostCommon),
/* harmony export */   hB: () => (/* binding */ compareClips)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Types and checks of the join: what a clip is made of, and whether clips can be joined.
 */


/** Codecs whose joins this module knows how to check (IDR test, priming rules). */
const JOINABLE_VIDEO = new Set(['avc']);
const JOINABLE_AUDIO = new Set(['aac']);
/**
 * Every reason the clips cannot be joined by copying packets, each naming the clip (0-based)
 * and the field; empty when they can. Clip 0 is the reference; per-clip problems (no IDR first,
 * unsupported codec) are listed too.
 */
function compareClips(infos) {
    const problems = [];
    const ref = infos[0];
    if (!ref)
        return ['no clips were given'];
    infos.forEach((clip, i) => {
        const name = `clip ${i} (${node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(clip.path)})`;
        if (!JOINABLE_VIDEO.has(clip.video.codec)) {
            problems.push(`${name}: video codec ${clip.video.codec} is not supported for joining (H.264 only)`);
        }
        else if (!clip.video.startsWithIdr) {
            problems.push(`${name}: the first video frame is not an IDR frame, so the clip cannot start a new segment`);
        }
        if (clip.audio && !JOINABLE_AUDIO.has(clip.audio.codec)) {
            problems.push(`${name}: audio codec ${clip.audio.codec} is not supported for joining (AAC only)`);
        }
        if (i === 0)
            return;
        const differ = (field, value, expected) => {
            problems.push(`${name}: ${field} is ${String(value)}, clip 0 has ${String(expected)}`);
        };
        const v = clip.video;
        const r = ref.video;
        if (v.codecString !== r.codecString)
            differ('video codec', v.codecString, r.codecString);
        if (v.codedWidth !== r.codedWidth || v.codedHeight !== r.codedHeight) {
            differ('frame size', `${v.codedWidth}x${v.codedHeight}`, `${r.codedWidth}x${r.codedHeight}`);
        }
        if (v.rotation !== r.rotation)
            differ('rotation', `${v.rotation}°`, `${r.rotation}°`);
        // 1 µs tolerance: the same rate stored with different timescales must compare equal.
        if (Math.abs(v.frameDuration - r.frameDuration) > 1e-6) {
            differ('frame rate', `${round(v.frameRate)} fps`, `${round(r.frameRate)} fps`);
        }
        if (v.configDigest !== r.configDigest) {
            differ('video decoder configuration (avcC: SPS/PPS)', short(v.configDigest), short(r.configDigest));
        }
        const a = clip.audio;
        const ra = ref.audio;
        if (!a || !ra) {
            if (a !== ra)
                differ('audio', a ? 'present' : 'absent', ra ? 'present' : 'absent');
            return;
        }
        if (a.codecString !== ra.codecString)
            differ('audio codec', a.codecString, ra.codecString);
        if (a.sampleRate !== ra.sampleRate)
            differ('audio sample rate', `${a.sampleRate} Hz`, `${ra.sampleRate} Hz`);
        if (a.channels !== ra.channels)
            differ('audio channel count', a.channels, ra.channels);
        if (a.configDigest !== ra.configDigest) {
            differ('audio decoder configuration (AudioSpecificConfig)', short(a.configDigest), short(ra.configDigest));
        }
    });
    return problems;
}
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
/* harmony export */   joinClips: () => (/* binding */ joinClips),
/* harmony export */   probeClip: () => (/* binding */ probeClip)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _net_cancel_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(77301);
/* harmony import */ var _join_common_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(15217);
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
 * Audio (AAC) is laid back to back, as a decoder plays it anyway: each packet decodes to 1024
 * samples. Later clips lose their encoder-priming packet (it would push their audio ~32 ms late),
 * and each clip's audio is cut at its video's end (to within half an AAC frame) so that audio and
 * video stay in step at every seam and the error never builds up. If a clip's audio is shorter
 * than its video, the next clip's audio starts on time after a gap rather than early. The first
 * AAC frame after a seam decodes slightly differently from the clip on its own (no priming to
 * overlap with): inherent to joining AAC without re-encoding.
 */







/** Probe one clip (metadata-only packet reads, plus the first packet's bytes for the IDR test). */
async function probeClip(file) {
    const { probeClip: probe } = await Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(387)]).then(__webpack_require__.bind(__webpack_require__, 27387));
    return probe(file);
}
/**
 * Join the clips, in order, into `output`. Refuses with a JoinError (every difference listed)
 * unless every clip has clip 0's codec parameters. Writes to a temporary file beside `output` and
 * renames it into place, so `output` is either the whole film or untouched; the temporary file is
 * removed on any failure, including an abort through `signal` or the process exiting.
 */
async function joinClips(options) {
    const { output, signal } = options;
    if (options.clips.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .JoinError */ .hO('there are no clips to join');
    // Same folder as the output, so the final rename stays on one file system (atomic).
    const temporary = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(output), `.${node_path__WEBPACK_IMPORTED_MODULE_2___default().basename(output)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.partial`);
    const forget = (0,_net_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .removeAtExit */ .mU)(temporary);
    const packets = await Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(387)]).then(__webpack_require__.bind(__webpack_require__, 27387));
    // Each clip is opened once: probed (all of them, so a mismatch is refused before anything is
    // written, and fastStart 'reserve' knows the packet counts), then copied from the same Input.
    const clips = await packets.openClips(options.clips, signal);
    try {
        const differences = (0,_join_common_js__WEBPACK_IMPORTED_MODULE_5__/* .compareClips */ .hB)(clips.map(c => c.info));
        if (differences.length > 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .JoinError */ .hO(`The clips cannot be joined without re-encoding:\n- ${differences.join('\n- ')}`, differences);
        }
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