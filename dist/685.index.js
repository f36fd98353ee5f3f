export const id = 685;
export const ids = [685];
export const modules = {

/***/ 1685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentSubject: () => (/* binding */ commentSubject),
/* harmony export */   upsertPlanComment: () => (/* binding */ upsertPlanComment)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * The plan as one comment on the pull request that started the run: written once, then updated in
 * place on every later run (found by a hidden marker), never a second comment. A token that may
 * not write (a pull request from a fork gets a read-only one) is a warning, never a failed run.
 * @actions/github is loaded only here, only when comment-on-pr is on.
 */


const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/**
 * What the comment is about and the marker that finds it again: one comment per workflow and
 * storyboard (or per workflow and single-clip job), so two workflows that plan the same
 * storyboard each keep their own.
 */
function commentSubject(storyboardInput, workspace, env) {
    const given = storyboardInput.trim();
    const relative = given && node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workspace, given));
    const storyboard = relative && !relative.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(relative) ? relative : given;
    const what = [env.GITHUB_WORKFLOW, storyboard || env.GITHUB_JOB || 'clip'].filter(Boolean).join(' / ');
    const marker = `<!-- minimax-video-plan: ${what.replace(/\s+/g, ' ').replace(/--/g, '-')} -->`;
    return { storyboard: storyboard || undefined, marker };
}
/**
 * Write `body` (which holds `marker`) as the pull request's comment, or update the one that holds
 * the marker. Says once, as an info line, when the run was not started by a pull request.
 */
async function upsertPlanComment(token, marker, body, log) {
    const { context, getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const number = context.payload.pull_request?.number;
    if (!PULL_REQUEST_EVENTS.has(context.eventName) || typeof number !== 'number') {
        log.info(`comment-on-pr: this run was started by ${context.eventName || 'no event'}, not by a pull request, so no ` +
            `comment is written`);
        return 'skipped';
    }
    if (!token) {
        log.warning('comment-on-pr: github-token is empty, so the plan is not commented on the pull request');
        return 'skipped';
    }
    const octokit = getOctokit(token);
    const where = { ...context.repo, issue_number: number };
    try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
        // The action's own comment first: someone quoting the marker in a comment of theirs is not it.
        const marked = comments.filter(c => c.body?.includes(marker));
        const mine = marked.find(c => c.user?.type === 'Bot') ?? marked[0];
        if (mine) {
            await octokit.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body });
            log.info(`Updated the plan's comment on pull request #${number}.`);
            return 'updated';
        }
        await octokit.rest.issues.createComment({ ...where, body });
        log.info(`Commented the plan on pull request #${number}.`);
        return 'created';
    }
    catch (error) {
        const status = error.status;
        const why = status === 403 || status === 404
            ? `the token may not write to it (HTTP ${status}; a pull request from a fork gets a read-only token): give ` +
                `the job permissions: pull-requests: write`
            : (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
        log.warning(`comment-on-pr: the plan could not be commented on pull request #${number}: ${why}`);
        return 'skipped';
    }
}


/***/ })

};

//# sourceMappingURL=685.index.js.map