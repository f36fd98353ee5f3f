export const id = 386;
export const ids = [386];
export const modules = {

/***/ 5386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findRelease: () => (/* binding */ findRelease),
/* harmony export */   uploadAsset: () => (/* binding */ uploadAsset)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Attach the video to a GitHub release with @actions/github's Octokit (loaded only when this
 * runs; it honours GITHUB_API_URL, so GitHub Enterprise and the tests' stand-in work too).
 */



async function client(token) {
    if (!token)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('upload-to-release: github-token is empty; give a token with contents: write');
    const { getOctokit, context } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    return { octokit: getOctokit(token), context, ...context.repo };
}
/** The release to attach to, found before anything is paid for (a tag without a release is refused then). */
async function findRelease(token, target) {
    const { octokit, context, owner, repo } = await client(token);
    if ('fromEvent' in target) {
        const fromEvent = context.payload.release;
        if (context.eventName !== 'release' || !fromEvent) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2(`upload-to-release: true attaches the video to the release of a release event, but this run was ` +
                `started by ${context.eventName || 'an unknown event'}; give a release tag instead`);
        }
        return fromEvent;
    }
    try {
        return (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: target.tag })).data;
    }
    catch (error) {
        const status = error.status;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2(`no release with tag ${JSON.stringify(target.tag)} in ${owner}/${repo}${status ? ` (HTTP ${status})` : ''}; ` +
            `create the release first`, { cause: error });
    }
}
/** Attach `file` to the release, replacing an asset of the same name (a re-run's earlier upload). */
async function uploadAsset(token, release, file, log) {
    const { octokit, owner, repo } = await client(token);
    const name = node_path__WEBPACK_IMPORTED_MODULE_2___default().basename(file);
    const assets = await octokit.rest.repos.listReleaseAssets({ owner, repo, release_id: release.id, per_page: 100 });
    for (const asset of assets.data.filter(a => a.name === name)) {
        log(`Replacing the release's existing asset ${name}`);
        await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id });
    }
    const data = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file);
    const uploaded = await octokit.request({
        method: 'POST',
        url: release.upload_url,
        name,
        data,
        headers: { 'content-type': 'video/mp4' }
    });
    const url = uploaded.data.browser_download_url ?? '';
    log(`Attached ${name} to release ${release.tag_name ?? release.id}: ${url}`);
    return url;
}


/***/ })

};

//# sourceMappingURL=386.index.js.map