export const id = 144;
export const ids = [144];
export const modules = {

/***/ 8144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderPlanComment: () => (/* binding */ renderPlanComment)
/* harmony export */ });
/* harmony import */ var _minimax_prices_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1321);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5566);


/** Rows shown; a longer storyboard is summed up after them (the job summary lists every clip). */
const MAX_ROWS = 50;
function renderPlanComment(result, plan, marker, workspace) {
    const lines = [marker, `### ${title(plan)}`, '', `**${verdict(result)}**`, ''];
    if (result.failure)
        lines.push(`> ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .eu)(result.failure.split('\n')[0])}`, '');
    const real = !result.dryRun;
    lines.push(`| clip | keyframes | duration | price | |${real ? ' task |' : ''}`, `| --- | --- | --- | --- | --- |${real ? ' --- |' : ''}`);
    for (const clip of result.clips.slice(0, MAX_ROWS))
        lines.push(row(result, plan, clip, real));
    if (result.clips.length > MAX_ROWS)
        lines.push('', `… and ${result.clips.length - MAX_ROWS} more clips.`);
    const changed = changedKeyframes(result, plan);
    if (changed.length > 0)
        lines.push('', `Changed since the clips earlier runs made: ${changed.join(', ')}.`);
    if (result.film) {
        const film = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .shownPath */ .pS)(result.film.path, workspace);
        lines.push('', `Film: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(film)} (${result.film.durationSeconds.toFixed(1)} s)`);
    }
    lines.push('', `<sub>MiniMax's list prices of ${_minimax_prices_js__WEBPACK_IMPORTED_MODULE_0__/* .PRICES_READ_ON */ .Oi} (see the README's Cost section); failed tasks are not ` +
        `billed, and video-package keys pay in points instead.</sub>`);
    return lines.join('\n');
}
/** One clip: its keyframes with their lines, duration, list price, new or reused (and its task, after a real run). */
function row(result, plan, clip, real) {
    const at = plan.clips[clip.index]?.keyframe;
    const keyframes = `${frame(clip.firstImage, at?.line)} → ${frame(clip.lastImage, at?.endLine)}`;
    const cost = result.cost?.clips[clip.index];
    const price = cost?.kind === 'shared' ? 'same task as above' : money(cost?.price);
    const what = clip.failure ? 'failed' : kindOf(cost);
    const task = real ? ` ${clip.taskId ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(clip.taskId) : ''} |` : '';
    return `| ${clip.index + 1} | ${keyframes} | ${clip.duration ?? ''} s | ${price} | ${what} |${task}`;
}
/** New, reused or shared, with the clips this run pays for in bold. */
function kindOf(cost) {
    return cost?.kind === 'new' ? '**new**' : (cost?.kind ?? '');
}
function title(plan) {
    return plan.storyboard ? `MiniMax storyboard ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(plan.storyboard.file)}` : 'MiniMax video';
}
/** "Merging pays for 2 new clips, about 4.00 CNY; 3 clips reused." */
function verdict(result) {
    const kinds = result.cost?.clips ?? [];
    const fresh = kinds.filter(k => k.kind === 'new').length;
    const reused = kinds.filter(k => k.kind === 'reused').length;
    const total = result.cost?.total;
    const cost = fresh === 0 ? '' : total ? `, about ${(0,_minimax_prices_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMoney */ .up)(total)}` : ', at a price that is not known';
    const pays = `${fresh} new clip${fresh === 1 ? '' : 's'}${cost}`;
    const rest = reused > 0 ? `; ${reused} clip${reused === 1 ? '' : 's'} reused` : '';
    if (result.dryRun)
        return `Merging pays for ${pays}${rest}.`;
    return result.failure && !result.clips.some(c => c.taskId)
        ? 'Refused: nothing was sent, nothing paid.'
        : `This run paid for ${pays}${rest}.`;
}
function frame(label, line) {
    return `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(label ?? '')}${line ? ` (line ${line})` : ''}`;
}
const money = (m) => (m ? (0,_minimax_prices_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMoney */ .up)(m) : 'unknown');
/**
 * The keyframes whose clips are all new while others were reused: what changed since the clips
 * earlier runs made (a keyframe serves the clip that ends and the clip that starts there). With
 * nothing reused there is no earlier run to compare with, and nothing is listed.
 */
function changedKeyframes(result, plan) {
    const kinds = result.cost?.clips ?? [];
    if (!plan.storyboard || !kinds.some(k => k.kind === 'reused'))
        return [];
    const isNew = (i) => kinds[i]?.kind === 'new';
    const changed = [];
    for (let k = 0; k <= plan.clips.length; k++) {
        const clips = [k - 1, k].filter(i => i >= 0 && i < plan.clips.length);
        if (!clips.every(isNew))
            continue;
        const clip = plan.clips[Math.min(k, plan.clips.length - 1)];
        const line = k < plan.clips.length ? clip.keyframe?.line : clip.keyframe?.endLine;
        changed.push(`keyframes[${k}]${line ? ` (${plan.storyboard.file} line ${line})` : ''}`);
    }
    return changed;
}


/***/ })

};

//# sourceMappingURL=144.index.js.map