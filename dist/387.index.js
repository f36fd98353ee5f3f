export const id = 387;
export const ids = [387];
export const modules = {

/***/ 27387:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   closeClips: () => (/* binding */ closeClips),
/* harmony export */   openClips: () => (/* binding */ openClips),
/* harmony export */   probeClip: () => (/* binding */ probeClip),
/* harmony export */   writeByPackets: () => (/* binding */ writeByPackets)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(50861);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(36802);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(10887);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(28839);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(13706);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(79306);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(15454);
/* harmony import */ var mediabunny__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(93285);
/* harmony import */ var _join_common_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(15217);
/**
 * The join: mediabunny demuxes every clip and muxes its packets, in decode
 * order and with shifted timestamps, into one film. Handles any MP4/MOV layout mediabunny reads.
 * Loaded lazily: it is the only module that needs mediabunny (a 2.0 MB chunk in the ncc bundle,
 * ~28 ms to load).
 *
 * Each clip is opened once (openClips): the probe and the copy share its Input, so its moov is
 * read and parsed once. The choices below were measured (1366x768 6 s clips, 2-core machine,
 * ncc bundle, whole process; packet-route-measurements.md has the numbers):
 * - Reading: a CustomSource over readSync with prefetchProfile 'none' and a 256 KiB cache, not
 *   FilePathSource. FilePathSource always prefetches 64 KiB around each read, each block read is
 *   a thread-pool round trip the copy waits on, and packets straddling two cached blocks are
 *   copied once more. Exact synchronous reads took ~15-20% off the wall time at 5-10 clips and
 *   make less garbage; an open Input also keeps less cached (~0.1 MB instead of ~0.3 MB).
 * - Packets are fetched with getFirstPacket/getNextPacket, not sink.packets(): that iterator
 *   runs a read-ahead pump whose queue grows to "one second of packets at the consumer's rate",
 *   i.e. up to a whole clip here.
 * - Writing: FilePathTarget with chunked: false. The default (chunked, 16 MiB chunks) copies
 *   every byte a third time into fresh 16 MiB buffers and holds up to two of them: +40 MB of
 *   peak RSS at 10 clips.
 * Peak RSS still rises with the clip count (~75 MB for 2 clips, ~98 MB for 10): not retained
 * data (with a forced GC per clip, no optimising JIT and a 1 MB young generation, 10 clips stay
 * within ~2 MB of 2) but V8's lazy collection of the buffers, its young generation growing, and
 * its optimising compilers, none of which a module can configure. Retained per clip: the muxer's
 * sample tables (~60 kB per 6 s clip) and, until it is copied, the clip's open Input (~0.1 MB).
 */





// MP4 and QuickTime only: anything else is not a MiniMax clip. (It does not shrink the bundle:
// ncc keeps all of mediabunny, ~2.0 MB, in the lazily loaded chunk.)
const FORMATS = [mediabunny__WEBPACK_IMPORTED_MODULE_4__/* .MP4 */ .uS, mediabunny__WEBPACK_IMPORTED_MODULE_4__/* .QTFF */ .EL];
/** Metadata-only packets: timestamps, durations and sizes from the sample tables, no media bytes. */
const METADATA = { metadataOnly: true };
/**
 * A clip as a mediabunny source: exact, synchronous reads of the byte ranges mediabunny asks
 * for. Synchronous is fine here: the join is the process's only work, and the output's writes
 * stay asynchronous, so the event loop (and an abort signal) still gets its turns.
 */
function clipSource(file) {
    let fd = null;
    return new mediabunny__WEBPACK_IMPORTED_MODULE_5__/* .CustomSource */ .fw({
        getSize: () => {
            fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'r');
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size;
        },
        read: (start, end) => {
            const bytes = new Uint8Array(end - start);
            for (let done = 0; done < bytes.length;) {
                const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, bytes, done, bytes.length - done, start + done);
                if (n === 0)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JoinError */ .hO(`${file}: the file ended early (was it changed during the join?)`);
                done += n;
            }
            return bytes;
        },
        dispose: () => {
            if (fd !== null)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            fd = null;
        },
        // No read-ahead: each packet is read as exactly its bytes (sequential packets are contiguous
        // anyway). The small cache only serves the box parser's re-reads of the moov.
        prefetchProfile: 'none',
        maxCacheSize: 256 * 1024
    });
}
async function openClip(file) {
    const bytes = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).size;
    const input = new mediabunny__WEBPACK_IMPORTED_MODULE_6__/* .Input */ .pd({ source: clipSource(file), formats: FORMATS });
    try {
        const videoTrack = await input.getPrimaryVideoTrack();
        if (!videoTrack)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JoinError */ .hO(`${file} has no video track`);
        const audioTrack = await input.getPrimaryAudioTrack();
        const video = await probeVideo(videoTrack, file);
        const audio = audioTrack ? await probeAudio(audioTrack, video.startTime, file) : null;
        return { info: { path: file, bytes, video, audio }, input, video: videoTrack, audio: audioTrack };
    }
    catch (error) {
        input.dispose();
        throw error;
    }
}
/** Probe one clip: decoder configurations, and a metadata-only pass over its packets. */
async function probeClip(file) {
    const clip = await openClip(file);
    clip.input.dispose();
    return clip.info;
}
/**
 * Open and probe every clip, in order. The Inputs stay open for writeByPackets, which disposes
 * each one as soon as it is copied; on any failure here, the ones already open are disposed.
 */
async function openClips(files, signal) {
    const clips = [];
    try {
        for (const file of files) {
            signal?.throwIfAborted();
            clips.push(await openClip(file));
        }
        return clips;
    }
    catch (error) {
        closeClips(clips);
        throw error;
    }
}
/** Dispose the clips' Inputs (closes their files). Safe to call more than once. */
function closeClips(clips) {
    for (const clip of clips)
        clip.input.dispose();
}
async function probeVideo(track, file) {
    const config = await track.getDecoderConfig();
    if (!config)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JoinError */ .hO(`${file}: mediabunny cannot read the video decoder configuration`);
    const ticksPerSecond = await track.getTimeResolution();
    const sink = new mediabunny__WEBPACK_IMPORTED_MODULE_7__/* .EncodedPacketSink */ .kQ(track);
    let packets = 0;
    let start = Infinity;
    let end = -Infinity;
    const durations = new Map(); // duration in ticks -> frames
    for (let p = await sink.getFirstPacket(METADATA); p; p = await sink.getNextPacket(p, METADATA)) {
        packets++;
        start = Math.min(start, p.timestamp);
        end = Math.max(end, p.timestamp + p.duration);
        const ticks = Math.round(p.duration * ticksPerSecond);
        durations.set(ticks, (durations.get(ticks) ?? 0) + 1);
    }
    if (packets === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JoinError */ .hO(`${file}: the video track has no frames`);
    const frameTicks = (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .mostCommon */ .fA)(durations);
    const first = await sink.getFirstPacket(); // with data: the IDR test needs the NAL units
    const description = bytesOf(config.description);
    return {
        codec: track.codec ?? 'unknown',
        codecString: config.codec,
        codedWidth: config.codedWidth ?? (await track.getCodedWidth()),
        codedHeight: config.codedHeight ?? (await track.getCodedHeight()),
        rotation: await track.getRotation(),
        frameDuration: frameTicks / ticksPerSecond,
        frameRate: ticksPerSecond / frameTicks,
        constantFrameRate: [...durations.keys()].every(d => Math.abs(d - frameTicks) <= 1),
        configDigest: (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .digest */ .br)(description),
        packets,
        startTime: start,
        duration: end - start,
        startsWithIdr: first !== null && track.codec === 'avc' && (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .isAvcIdr */ .WK)(first.data, description)
    };
}
async function probeAudio(track, videoStart, file) {
    const config = await track.getDecoderConfig();
    if (!config)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JoinError */ .hO(`${file}: mediabunny cannot read the audio decoder configuration`);
    const ticksPerSecond = await track.getTimeResolution();
    const sink = new mediabunny__WEBPACK_IMPORTED_MODULE_7__/* .EncodedPacketSink */ .kQ(track);
    const timestamps = [];
    const durations = new Map();
    let end = -Infinity;
    for (let p = await sink.getFirstPacket(METADATA); p; p = await sink.getNextPacket(p, METADATA)) {
        timestamps.push(p.timestamp);
        end = Math.max(end, p.timestamp + p.duration);
        const ticks = Math.round(p.duration * ticksPerSecond);
        durations.set(ticks, (durations.get(ticks) ?? 0) + 1);
    }
    // Not the first or last packet's duration: mediabunny trims those to the edit list (the last
    // AAC packet of an ffmpeg file reads as e.g. 8 ms), but each packet decodes to a full frame.
    const frameDuration = (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .mostCommon */ .fA)(durations) / ticksPerSecond;
    const leadingPackets = timestamps.filter(t => (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .isLeading */ .Vk)(t, videoStart, frameDuration)).length;
    const firstPresented = timestamps[leadingPackets] ?? end;
    return {
        codec: track.codec ?? 'unknown',
        codecString: config.codec,
        sampleRate: config.sampleRate,
        channels: config.numberOfChannels,
        configDigest: (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .digest */ .br)(bytesOf(config.description)),
        packets: timestamps.length,
        leadingPackets,
        frameDuration,
        duration: Math.max(0, end - firstPresented)
    };
}
/**
 * Mux the clips' packets into `file`. Takes ownership of `clips`: each Input is disposed once
 * its packets are copied, and all of them when this returns or throws.
 */
async function writeByPackets(clips, file, fastStart, signal) {
    const output = new mediabunny__WEBPACK_IMPORTED_MODULE_8__/* .Output */ .k7({
        // 'reserve' writes the moov into space reserved after ftyp, so the index comes first
        // without holding the film in memory (unlike 'in-memory'); it needs upper bounds on the
        // packet counts, which the probe has exactly. Measured as fast as moov-at-end.
        format: new mediabunny__WEBPACK_IMPORTED_MODULE_9__/* .Mp4OutputFormat */ .si({ fastStart: fastStart ? 'reserve' : false }),
        // chunked: false: each muxer flush (0.5 s of one track) goes straight to the file, instead
        // of being copied into 16 MiB buffers first (FilePathTarget's default).
        target: new mediabunny__WEBPACK_IMPORTED_MODULE_10__/* .FilePathTarget */ .xi(file, { chunked: false })
    });
    try {
        const result = await writeFilm(output, clips, signal);
        return { ...result, bytes: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).size };
    }
    catch (error) {
        // cancel() closes mediabunny's file handle, so the caller can remove the file.
        if (output.state !== 'finalized' && output.state !== 'canceled')
            await output.cancel().catch(() => undefined);
        throw error;
    }
    finally {
        closeClips(clips);
    }
}
async function writeFilm(output, clips, signal) {
    const first = clips[0];
    const infos = clips.map(c => c.info);
    // Decoder configs come from clip 0 (all clips were shown to be byte-identical). Giving them
    // as track metadata up front lets mediabunny know all tracks before the first packet, so it
    // starts writing at once instead of queueing packets until every track has seen one.
    const videoSource = new mediabunny__WEBPACK_IMPORTED_MODULE_11__/* .EncodedVideoPacketSource */ .pO('avc');
    output.addVideoTrack(videoSource, {
        rotation: first.info.video.rotation,
        decoderConfig: (await first.video.getDecoderConfig()),
        maximumPacketCount: sum(infos.map(i => i.video.packets))
    });
    let audioSource = null;
    if (first.audio) {
        audioSource = new mediabunny__WEBPACK_IMPORTED_MODULE_11__/* .EncodedAudioPacketSource */ .m('aac');
        output.addAudioTrack(audioSource, {
            decoderConfig: (await first.audio.getDecoderConfig()),
            maximumPacketCount: sum(infos.map(i => i.audio?.packets ?? 0))
        });
    }
    await output.start();
    const lane = new AudioLane();
    let offset = 0; // film time at which the current clip starts (sum of earlier clips' video durations)
    let videoPackets = 0;
    let audioPackets = 0;
    const audioSync = [];
    for (const [index, open] of clips.entries()) {
        const clip = open.info;
        try {
            const shift = offset - clip.video.startTime;
            const videoEnd = offset + clip.video.duration;
            const videoSink = new mediabunny__WEBPACK_IMPORTED_MODULE_7__/* .EncodedPacketSink */ .kQ(open.video);
            const audioSink = audioSource && open.audio ? new mediabunny__WEBPACK_IMPORTED_MODULE_7__/* .EncodedPacketSink */ .kQ(open.audio) : null;
            if (clip.audio)
                lane.startClip(index === 0, offset, clip.video.startTime, videoEnd, clip.audio.frameDuration);
            // Interleave the two tracks by film time so that mediabunny's 0.5 s chunks of audio and
            // video alternate in the file (a player reading from the start needs both at once).
            // One packet of each track is held at a time; a packet is dropped once it is added.
            let v = await videoSink.getFirstPacket();
            let a = audioSink ? await audioSink.getFirstPacket() : null;
            while (v || a) {
                signal?.throwIfAborted();
                const videoTime = v ? v.timestamp + shift : Infinity;
                const audioTime = a ? lane.nextTime(a) : Infinity;
                if (v && (!a || videoTime <= audioTime)) {
                    // Packets are read-only: clone with the shifted timestamp (data is shared, not copied).
                    await videoSource.add(v.clone({ timestamp: videoTime }));
                    videoPackets++;
                    v = await videoSink.getNextPacket(v);
                }
                else if (a && audioSink && audioSource) {
                    // (a is set here: the branch above takes every video packet once audio is done)
                    const placed = lane.place(a);
                    if (placed === 'done') {
                        a = null; // the rest of this clip's audio lies past its video's end
                        continue;
                    }
                    if (placed !== 'skip') {
                        await audioSource.add(placed);
                        audioPackets++;
                    }
                    a = await audioSink.getNextPacket(a);
                }
            }
            if (clip.audio)
                audioSync.push({
                    clip: index,
                    startOffset: (lane.startTime ?? lane.end) - offset,
                    endOffset: lane.end - videoEnd
                });
            offset = videoEnd;
        }
        finally {
            open.input.dispose(); // closes the clip's file and drops its cache at once
        }
    }
    signal?.throwIfAborted();
    await output.finalize();
    return {
        durationSeconds: offset,
        videoPackets,
        audioPackets,
        audioSync,
        audioGaps: lane.gaps
    };
}
/**
 * Places each clip's AAC packets on the film's timeline, back to back after the previous
 * clip's. `cursor` is where the next packet starts; every packet lasts one frame (1024
 * samples), whatever trimmed duration the file gives its first or last packet.
 */
class AudioLane {
    /** Gaps left in the audio (a clip's audio shorter than its video, or a gap inside a clip). */
    gaps = 0;
    /** Film time of the current clip's first presented (non-priming) audio packet, once placed. */
    startTime = null;
    cursor = null;
    first = true;
    started = false;
    shift = 0;
    slip = 0;
    videoStart = 0;
    videoEnd = 0;
    frame = 0;
    startClip(first, offset, videoStart, videoEnd, frameDuration) {
        this.first = first;
        this.started = false;
        this.startTime = null;
        this.slip = 0;
        this.shift = offset - videoStart;
        this.videoStart = videoStart;
        this.videoEnd = videoEnd;
        this.frame = frameDuration;
    }
    /** Film time at which `packet` would be placed (for interleaving with video). */
    nextTime(packet) {
        return this.started && this.cursor !== null ? this.cursor : packet.timestamp + this.shift;
    }
    place(packet) {
        const leading = (0,_join_common_js__WEBPACK_IMPORTED_MODULE_3__/* .isLeading */ .Vk)(packet.timestamp, this.videoStart, this.frame);
        // Where the packet's own timestamp puts it, less the slip chosen at the clip's start.
        const natural = packet.timestamp + this.shift + this.slip;
        if (!this.started) {
            // Later clips lose their priming packet(s): their own edit list hid them, and here
            // they would only push the clip's audio late.
            if (!this.first && leading)
                return 'skip';
            if (this.cursor === null || this.first) {
                // Clip 0 keeps its priming at a negative time: mediabunny writes the edit list that hides it.
                this.cursor = natural;
            }
            else if (natural - this.cursor > this.frame / 2) {
                // The previous clip's audio ended early: start this clip's audio on time, leaving a
                // gap, rather than let every later clip's audio run early.
                this.cursor = natural;
                this.gaps++;
            }
            // Back to back means this clip's audio slips by up to half a frame against its video.
            this.slip = this.cursor - natural;
            this.started = true;
        }
        else if (natural - this.cursor > this.frame / 2) {
            // A gap inside the clip (its own timestamps jump): keep it, or the rest would run early.
            this.cursor = natural;
            this.gaps++;
        }
        const at = this.cursor;
        // Cut the tail at the video's end: keep a packet only if that leaves the audio end
        // nearer the video end than dropping it would. The error stays within half a frame and
        // never builds up, because the cut is against the film's absolute video time.
        if (at + this.frame / 2 > this.videoEnd)
            return 'done';
        if (!leading)
            this.startTime ??= at;
        this.cursor = at + this.frame;
        return packet.clone({ timestamp: at, duration: this.frame });
    }
    /** Film time where the audio placed so far ends. */
    get end() {
        return this.cursor ?? 0;
    }
}
/**
 * The bytes of a decoder description. It may be a view into a larger buffer: honour byteOffset.
 * Typed `unknown` on purpose: without the DOM lib, WebCodecs' AllowSharedBufferSource does not
 * resolve, so mediabunny's `description` reaches us as `any`.
 */
function bytesOf(source) {
    if (ArrayBuffer.isView(source))
        return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (source instanceof ArrayBuffer)
        return new Uint8Array(source);
    return new Uint8Array(0);
}
const sum = (values) => values.reduce((a, b) => a + b, 0);


/***/ })

};

//# sourceMappingURL=387.index.js.map