export const id = 825;
export const ids = [825];
export const modules = {

/***/ 2825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readStoryboard: () => (/* binding */ readStoryboard)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8395);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _fs_paths_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1283);
/* harmony import */ var _fs_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9308);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8992);
/**
 * The storyboard file: YAML read once, its shape checked (unknown keys, wrong types), every
 * problem reported with its line. What the values mean (frames, durations, prompts) is checked
 * by the plan, with the same rules as the inputs. Loaded only by runs that name a storyboard.
 */







/** A storyboard is a short text file; anything bigger is a mistake. */
const MAX_BYTES = 1024 * 1024;
const FILE_KEYS = ['resolution', 'duration', 'keyframes'];
const KEYFRAME_KEYS = ['image', 'prompt', 'duration', 'task-id', 'take'];
/** Keys of the clip that starts at a keyframe: the last keyframe starts none. */
const CLIP_KEYS = ['prompt', 'duration', 'task-id', 'take'];
const number = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .union */ .KCZ([zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig()]);
const keyframeFields = {
    image: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    prompt: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()),
    duration: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(number),
    'task-id': zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(number),
    take: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(number)
};
const keyframe = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej(keyframeFields);
/** The same, ignoring unknown keys: a typo in one key does not keep the keyframe's image from being checked. */
const keyframeValues = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc(keyframeFields);
const schema = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej({
    resolution: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(number),
    duration: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(number),
    keyframes: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(keyframe)
});
const where = (at) => at.reduce((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');
/** Read and shape-check the storyboard named by the input (a path in the workspace or RUNNER_TEMP). */
function readStoryboard(given, roots) {
    const confined = (0,_fs_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .confine */ .D)(given, roots);
    if ('problem' in confined)
        return { problems: [{ message: confined.problem }] };
    const read = (0,_fs_text_js__WEBPACK_IMPORTED_MODULE_4__/* .readSmallText */ .F)(confined.real, MAX_BYTES, 'a storyboard');
    if ('problem' in read)
        return { problems: [{ message: `${confined.abs} ${read.problem}` }] };
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(read.text, { lineCounter, prettyErrors: false });
    const lineAt = (offset) => offset === undefined ? undefined : lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
        return { problems: doc.errors.map(e => ({ message: `is not valid YAML: ${e.message}`, line: lineAt(e.pos[0]) })) };
    }
    const lineOf = (at) => lineAt(nodeAt(doc, at)?.range?.[0]);
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        // yaml refuses a document whose aliases expand too far (a "billion laughs" file).
        const alias = firstAlias(doc);
        return { problems: [{ message: `cannot be read: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`, line: lineAt(alias) ?? 1 }] };
    }
    const parsed = schema.safeParse(data);
    const problems = [];
    if (!parsed.success) {
        for (const issue of parsed.error.issues)
            problems.push(...describe(issue, data, doc, lineAt, lineOf));
    }
    const value = parsed.success ? parsed.data : undefined;
    const keyframes = [];
    const rawKeyframes = isObject(data) && Array.isArray(data.keyframes) ? data.keyframes : [];
    rawKeyframes.forEach((entry, index) => {
        // Keyframes whose own fields are right are checked further even when another key is wrong.
        const one = keyframeValues.safeParse(entry);
        if (!one.success)
            return;
        const { image, prompt, duration, take } = one.data;
        keyframes.push({
            index,
            image,
            prompt,
            duration: duration?.toString(),
            taskId: one.data['task-id'] === undefined ? undefined : sourceText(doc, ['keyframes', index, 'task-id']),
            take: take?.toString(),
            line: lineOf(['keyframes', index])
        });
    });
    if (isObject(data) && Array.isArray(data.keyframes) && data.keyframes.length < 2) {
        problems.push({
            message: `keyframes: has ${data.keyframes.length}; a storyboard needs at least 2 keyframes ` +
                `(each neighbouring pair makes a clip)`,
            line: lineOf(['keyframes'])
        });
    }
    const last = rawKeyframes.length - 1;
    const lastFrame = rawKeyframes[last];
    if (last >= 1 && isObject(lastFrame)) {
        for (const key of CLIP_KEYS) {
            if (lastFrame[key] !== undefined) {
                problems.push({
                    message: `keyframes[${last}].${key}: the last keyframe ends the film, so it starts no clip and takes no ${key}; ` +
                        `put it on keyframes[${last - 1}], the clip that ends here`,
                    line: lineOf(['keyframes', last, key])
                });
            }
        }
    }
    const folder = node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(confined.real);
    const top = isObject(data) ? data : {};
    const storyboard = {
        given,
        file: confined.real,
        folder,
        resolution: value?.resolution?.toString() ?? scalarText(top.resolution),
        duration: value?.duration?.toString() ?? scalarText(top.duration),
        keyframes,
        lineOf
    };
    return { storyboard, problems };
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const scalarText = (value) => typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
/**
 * A scalar as written in the file: `task-id: 176843862716480123` unquoted would parse as a number
 * rounded past 2^53, so the digits are taken from the source text.
 */
function sourceText(doc, at) {
    const node = doc.getIn(at, true);
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node))
        return typeof node.source === 'string' ? node.source : String(node.value);
    return String(node);
}
/** Where the first alias is, for the message about a document whose aliases expand too far. */
function firstAlias(doc) {
    let offset;
    (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR)(doc, {
        Alias(_, node) {
            offset = node.range?.[0];
            return yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR.BREAK;
        }
    });
    return offset;
}
/** The YAML node at a path, for its position. */
function nodeAt(doc, at) {
    const node = doc.getIn(at, true);
    return (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(node) || (node && typeof node === 'object' && 'range' in node)
        ? node
        : undefined;
}
/** One schema issue as problems a person can act on: the key, where, and what is accepted. */
function describe(issue, data, doc, lineAt, lineOf) {
    const at = issue.path.filter((key) => typeof key !== 'symbol');
    const inKeyframe = at[0] === 'keyframes' && typeof at[1] === 'number';
    if (issue.code === 'unrecognized_keys') {
        const known = inKeyframe ? KEYFRAME_KEYS : FILE_KEYS;
        const parent = doc.getIn(at, true);
        return issue.keys.map(key => {
            const pair = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(parent)
                ? parent.items.find(item => (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isPair */ .tO)(item) && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(item.key) && item.key.value === key)
                : undefined;
            const keyNode = pair && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isPair */ .tO)(pair) && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key) ? pair.key : undefined;
            const guess = (0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .nearest */ .pA)(key, known);
            return {
                message: `${where([...at, key])}: unknown key${guess ? `; did you mean ${guess}?` : ''} ` +
                    `(${inKeyframe ? 'a keyframe' : 'the file'} takes ${known.join(', ')})`,
                line: lineAt(keyNode?.range?.[0]) ?? lineOf(at)
            };
        });
    }
    if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
        const field = at.at(-1);
        const wanted = at.length === 0
            ? 'a mapping with keyframes: (and optionally resolution: and duration:)'
            : field === 'keyframes'
                ? 'a list of keyframes, each with an image:'
                : typeof field === 'number'
                    ? 'a keyframe: a mapping with image: (and prompt:, duration:)'
                    : field === 'image' || field === 'prompt'
                        ? 'text'
                        : field === 'task-id'
                            ? 'a task id in quotes, such as "176843862716480123"'
                            : 'a number or text, such as 6';
        const missing = valueAt(data, at) === undefined;
        return [
            {
                message: `${where(at) || '(the file)'}: ${missing ? 'is missing' : 'has the wrong type'}; it must be ${wanted}`,
                line: lineOf(missing ? at.slice(0, -1) : at)
            }
        ];
    }
    return [{ message: `${where(at) || '(the file)'}: ${issue.message}`, line: lineOf(at) }];
}
function valueAt(data, at) {
    let value = data;
    for (const key of at) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    return value;
}


/***/ })

};

//# sourceMappingURL=825.index.js.map