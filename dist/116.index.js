export const id = 116;
export const ids = [116];
export const modules = {

/***/ 52116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runStoryboard: () => (/* binding */ runStoryboard)
/* harmony export */ });
/* unused harmony export clipPath */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cache_reuse_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92942);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _inputs_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(18028);
/* harmony import */ var _minimax_body_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53895);
/* harmony import */ var _minimax_rules_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(84852);
/* harmony import */ var _net_clock_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(32881);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(48992);
/* harmony import */ var _video_destination_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(83951);
/* harmony import */ var _clip_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(29663);
/**
 * A storyboard's clips, from requests to one film. Each clip starts from what earlier runs
 * recorded for its inputs (its video, used as it is; its task, collected) or is paid for: every
 * new clip is submitted in parallel, paced by the client's one pacer, and its task id goes out the
 * moment it exists. All clips are polled together (one progress line per round); each is
 * downloaded as soon as it is done, beside the film (<film>.clips/01.mp4, ...); then they are
 * joined without re-encoding. A failed clip does not stop the others: the run fails at the end
 * naming each, and keeps every clip it has.
 */










/** Answers that fail every clip alike (the key, the balance): the clips still waiting are not sent. */
const ACCOUNT_CODES = new Set([1004, 1008, 2038, 2049, 2056]);
/** Where clip i (0-based) is kept: beside the film, in <film>.clips/. */
function clipPath(film, index) {
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().join(`${film}.clips`, `${String(index + 1).padStart(2, '0')}.mp4`);
}
async function runStoryboard(context, plan, result, wait, reuses) {
    const { client, inputs, log } = context;
    const film = (0,_video_destination_js__WEBPACK_IMPORTED_MODULE_7__/* .videoDestination */ .E)(inputs.outputPath, plan.filmName, context.workspace);
    const clips = result.clips;
    const n = plan.clips.length;
    const label = (clip) => `Clip ${clip.index + 1} of ${n}`;
    /** Clips whose task came from an earlier run: if it is gone, one new task is paid for instead. */
    const fromRecord = new Set();
    // Stops the submits still waiting their turn once an answer shows that every clip would fail.
    const stop = new AbortController();
    const stopping = AbortSignal.any([stop.signal, context.signal]);
    // V2 allows so many tasks in flight: while waiting, a new task is sent only when one has ended.
    const slots = new Slots(wait ? ((0,_minimax_rules_js__WEBPACK_IMPORTED_MODULE_5__/* .rulesOf */ .fD)(inputs.model).maxInFlight ?? Infinity) : Infinity, stopping);
    const submitting = new Set();
    // Lost answers are looked for one at a time, with no submit out and none starting: every other
    // clip's task id is then known, and a task one lookup takes is known to the next. Two answers of
    // the same kind (model, resolution, duration) lost in one run cannot be told apart: neither
    // takes a task.
    let requests = 0;
    let lookups = 0;
    let lookupsDone = Promise.resolve();
    const whenNoRequests = [];
    const whenNoLookups = [];
    const created = new Set();
    const lostOfKind = new Map();
    const kindOf = (planned) => `${planned.job.resolution}/${planned.job.duration}`;
    const send = async (planned, what) => {
        while (lookups > 0)
            await new Promise(resolve => whenNoLookups.push(resolve));
        requests++;
        try {
            const { taskId } = await client.submit((0,_minimax_body_js__WEBPACK_IMPORTED_MODULE_4__/* .buildBody */ .zm)(planned.job), { what, signal: stop.signal });
            created.add(taskId);
            return taskId;
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD && error.maybeCreated) {
                lostOfKind.set(kindOf(planned), (lostOfKind.get(kindOf(planned)) ?? 0) + 1);
            }
            throw error;
        }
        finally {
            if (--requests === 0)
                whenNoRequests.splice(0).forEach(go => go());
        }
    };
    const lookFor = async (planned, error) => {
        if (client.api !== 'v2' || !(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD && error.maybeCreated))
            throw error;
        lookups++;
        // One lookup after the other (a promise chain), each once no submit is out.
        const turn = lookupsDone.then(async () => {
            if (requests > 0)
                await new Promise(resolve => whenNoRequests.push(resolve));
            const known = new Set([...created, ...clips.flatMap(c => (c.taskId ? [c.taskId] : []))]);
            const taskId = await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.findLostTask)(context, planned.job, error, known, {
                others: (lostOfKind.get(kindOf(planned)) ?? 1) - 1
            });
            created.add(taskId);
            return taskId;
        });
        lookupsDone = turn.catch(() => undefined);
        try {
            return await turn;
        }
        finally {
            if (--lookups === 0)
                whenNoLookups.splice(0).forEach(go => go());
        }
    };
    const submit = (planned) => {
        const clip = clips[planned.index];
        const sending = (async () => {
            try {
                await slots.take(clip.index);
                const what = `${label(clip)}: submitting the task`;
                const taskId = await send(planned, what).catch((error) => lookFor(planned, error));
                // Paid for: the id goes out before anything else can fail.
                clip.taskId = taskId;
                context.changed();
                log.notice(`${label(clip)}: MiniMax task ${taskId} created (${planned.job.resolution}, ${planned.job.duration} s).`, { title: 'Video task created' });
                await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.recordTask)(context, clip, planned.job);
            }
            catch (error) {
                slots.give(clip.index);
                await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.recordLostAnswer)(context, clip, planned.job, error);
                if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD && error.code !== undefined && ACCOUNT_CODES.has(error.code)) {
                    stop.abort(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`not sent: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`));
                }
                if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ))
                    throw error;
                clip.failure = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error);
                log.warning(`${label(clip)}: ${clip.failure}`);
            }
        })();
        submitting.add(sending);
        void sending.finally(() => submitting.delete(sending));
    };
    // Each clip from what earlier runs recorded, or paid for.
    await Promise.all(plan.clips.map(async (planned) => {
        const clip = clips[planned.index];
        const reuse = reuses[planned.index];
        const again = `from an earlier run with the same inputs (fingerprint ${(0,_cache_reuse_js__WEBPACK_IMPORTED_MODULE_1__.short)(reuse?.fingerprint ?? '')})`;
        if (reuse?.clip && wait) {
            const taskId = await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.useRecordedClip)(context, clip, reuse.fingerprint, () => clipPath(film, planned.index));
            if (taskId) {
                log.info(`${label(clip)}: reusing the video of task ${taskId} ${again}.`);
                return;
            }
        }
        if (reuse?.task?.taskId) {
            Object.assign(clip, { taskId: reuse.task.taskId, cacheHit: true });
            fromRecord.add(planned.index);
            context.changed();
            log.info(`${label(clip)}: reusing task ${reuse.task.taskId} ${again}.`);
            return;
        }
        clip.cacheHit = false;
        submit(planned);
    }));
    const reused = clips.filter(c => c.cacheHit).length;
    if (reused > 0)
        log.info(`${reused} of ${n} clips reused from earlier runs; set take: 2 to pay for new ones.`);
    const settle = async () => {
        while (submitting.size > 0)
            await Promise.all(submitting);
    };
    if (!wait) {
        await log.group(`Submitting ${n - reused} clips (at most ${(0,_inputs_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .submitRateOf */ .cA)(inputs)} a minute)`, settle);
        failIfAny(clips, film);
        return;
    }
    const downloads = [];
    await log.group(`Generating ${n} clips`, async () => {
        log.info(`Submitting ${n - reused} clips (at most ${(0,_inputs_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .submitRateOf */ .cA)(inputs)} a minute), waiting at most ` +
            `${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s...`);
        const started = _net_clock_js__WEBPACK_IMPORTED_MODULE_6__/* .realClock */ .d.now();
        const deadline = started + inputs.waitTimeout * 1000;
        /** Clips whose task succeeded: downloading, or downloaded. */
        const finished = new Set();
        for (;;) {
            for (const clip of clips) {
                if (!clip.taskId || clip.failure || clip.video || finished.has(clip.index))
                    continue;
                try {
                    const state = await client.query(clip.taskId, deadline);
                    if (state.status !== clip.status) {
                        clip.status = state.status;
                        context.changed();
                    }
                    if (state.phase !== 'pending')
                        slots.give(clip.index);
                    if (state.phase === 'failed') {
                        clip.failure = `MiniMax reports that task ${clip.taskId} ${state.failure}. ${state.advice}`;
                    }
                    else if (state.phase === 'succeeded') {
                        finished.add(clip.index);
                        downloads.push(fetchClip(context, clip, state, clipPath(film, clip.index)));
                    }
                }
                catch (error) {
                    if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD))
                        throw error;
                    if (error.outOfTime)
                        break;
                    clip.failure = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error);
                    slots.give(clip.index);
                    if (!(0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.taskGone)(error))
                        continue;
                }
                // An earlier run's task that failed or is gone: one new task, paid for this time.
                if (clip.failure && fromRecord.delete(clip.index)) {
                    log.warning(`${label(clip)}: task ${clip.taskId} from an earlier run cannot be used (${clip.failure}).`);
                    for (const key of ['taskId', 'status', 'failure'])
                        delete clip[key];
                    clip.cacheHit = false;
                    context.changed();
                    submit(plan.clips[clip.index]);
                }
            }
            const done = clips.filter(c => (c.video || finished.has(c.index)) && !c.failure).length;
            const failed = clips.filter(c => c.failure).length;
            const queued = clips.filter(c => !c.taskId && !c.failure).length;
            const processing = n - done - failed - queued;
            if (clips.some(c => c.taskId)) {
                log.info(`${done} of ${n} clips done, ${processing} processing, ${failed} failed` +
                    `${queued ? `, ${queued} waiting to be sent` : ''}, ${(0,_text_js__WEBPACK_IMPORTED_MODULE_9__/* .compactDuration */ .sQ)((_net_clock_js__WEBPACK_IMPORTED_MODULE_6__/* .realClock */ .d.now() - started) / 1000)}`);
            }
            if (submitting.size === 0 && processing + queued === 0)
                break;
            const left = deadline - _net_clock_js__WEBPACK_IMPORTED_MODULE_6__/* .realClock */ .d.now();
            if (left <= 0) {
                for (const clip of clips) {
                    if (clip.failure || clip.video || finished.has(clip.index))
                        continue;
                    clip.failure = clip.taskId
                        ? `task ${clip.taskId} did not finish within wait-timeout (${inputs.waitTimeout} s); its last status ` +
                            `was ${clip.status ?? 'not known yet'}. It may still finish, and it is paid for: collect it with ` +
                            `task-id: ${clip.taskId}`
                        : `not sent within wait-timeout (${inputs.waitTimeout} s)`;
                }
                stop.abort(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ('not sent: wait-timeout passed'));
                break;
            }
            await _net_clock_js__WEBPACK_IMPORTED_MODULE_6__/* .realClock */ .d.sleep(Math.min(inputs.pollInterval * 1000, left), context.signal);
        }
        await settle();
        await Promise.all(downloads);
    });
    failIfAny(clips, film);
    await log.group(`Joining ${n} clips`, async () => {
        const { joinClips } = await __webpack_require__.e(/* import() */ 375).then(__webpack_require__.bind(__webpack_require__, 6375));
        const paths = clips.map(c => c.video.path);
        try {
            const joined = await joinClips({ clips: paths, output: film, signal: context.signal });
            result.film = { path: film, bytes: joined.bytes, durationSeconds: joined.durationSeconds };
        }
        catch (error) {
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .JoinError */ .hO))
                throw error;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .JoinError */ .hO(`${error.message}\nThe clips are kept in ${node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(paths[0])} (their paths are in the segments output).`, error.differences);
        }
        context.changed();
        log.info(`Film written: ${film} (${result.film.bytes} bytes, ${result.film.durationSeconds.toFixed(2)} s)`);
    });
    const { release } = context;
    if (release && result.film) {
        const { uploadAsset } = await __webpack_require__.e(/* import() */ 386).then(__webpack_require__.bind(__webpack_require__, 15386));
        const filmPath = result.film.path;
        result.film.releaseAssetUrl = await log.group('Attaching the film to the release', () => uploadAsset(inputs.githubToken, release, filmPath, line => log.info(line)));
        context.changed();
    }
}
/** Download the clip's video beside the film, and record it for later runs. */
async function fetchClip(context, clip, state, destination) {
    try {
        clip.fileId = state.fileId;
        const saved = await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.downloadResult)(context, state, destination, url => (clip.downloadUrl = url));
        clip.video = { path: saved.path, bytes: saved.bytes, width: state.videoWidth, height: state.videoHeight };
        context.changed();
        await (0,_clip_js__WEBPACK_IMPORTED_MODULE_8__.recordClip)(context, clip, saved);
    }
    catch (error) {
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ))
            throw error;
        clip.failure = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error);
    }
}
/** At most `limit` clips hold a slot (a task in flight); the others wait, in order, until one is given back. */
class Slots {
    #held = new Set();
    #waiting = [];
    limit;
    signal;
    constructor(limit, signal) {
        this.limit = limit;
        this.signal = signal;
        signal.addEventListener('abort', () => this.#waiting.splice(0).forEach(go => go()), { once: true });
    }
    async take(index) {
        while (this.#held.size >= this.limit && !this.signal.aborted) {
            await new Promise(resolve => this.#waiting.push(resolve));
        }
        this.signal.throwIfAborted();
        this.#held.add(index);
    }
    give(index) {
        if (this.#held.delete(index))
            this.#waiting.shift()?.();
    }
}
/** Fail naming every clip that failed, with its task id and the reason; the others are kept. */
function failIfAny(clips, film) {
    const failed = clips.filter(c => c.failure);
    if (failed.length === 0)
        return;
    const kept = clips.filter(c => c.video).length;
    const lines = failed.map(c => `clip ${c.index + 1}${c.taskId ? ` (task ${c.taskId})` : ''}: ${c.failure}`);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ClipsFailedError */ .fj(`${failed.length} of ${clips.length} clips failed, so there is no film:\n- ${lines.join('\n- ')}` +
        (kept > 0 ? `\nThe ${kept} clips that were made are kept in ${node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(clipPath(film, 0))}.` : ''));
}


/***/ })

};

//# sourceMappingURL=116.index.js.map