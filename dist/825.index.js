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
    const yaml = parseYaml(read.text);
    if ('problems' in yaml)
        return yaml;
    const { data, lineOf } = yaml;
    const parsed = schema.safeParse(data);
    const problems = parsed.success
        ? []
        : parsed.error.issues.flatMap(issue => describe(issue, data, yaml.doc, yaml.lineAt, lineOf));
    const rawKeyframes = isObject(data) && Array.isArray(data.keyframes) ? data.keyframes : undefined;
    if (rawKeyframes)
        problems.push(...keyframeCountProblems(rawKeyframes, lineOf));
    const storyboard = {
        given,
        file: confined.real,
        folder: node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(confined.real),
        ...fileSettings(data),
        keyframes: keyframesOf(rawKeyframes ?? [], yaml.doc, lineOf),
        lineOf
    };
    return { storyboard, problems };
}
/** The file's resolution and duration as written, even when another key is wrong (the plan checks them). */
function fileSettings(data) {
    const top = isObject(data) ? data : {};
    return { resolution: scalarText(top.resolution), duration: scalarText(top.duration) };
}
/** The document and its plain value, or why it cannot be read (each with its line). */
function parseYaml(text) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { lineCounter, prettyErrors: false });
    const lineAt = (offset) => offset === undefined ? undefined : lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
        return { problems: doc.errors.map(e => ({ message: `is not valid YAML: ${e.message}`, line: lineAt(e.pos[0]) })) };
    }
    const lineOf = (at) => lineAt(nodeAt(doc, at)?.range?.[0]);
    try {
        return { doc, data: doc.toJS({ maxAliasCount: 100 }), lineAt, lineOf };
    }
    catch (error) {
        // yaml refuses a document whose aliases expand too far (a "billion laughs" file).
        const alias = firstAlias(doc);
        return { problems: [{ message: `cannot be read: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`, line: lineAt(alias) ?? 1 }] };
    }
}
/** The keyframes whose own fields are right: they are checked further even when another key is wrong. */
function keyframesOf(entries, doc, lineOf) {
    return entries.flatMap((entry, index) => {
        const one = keyframeValues.safeParse(entry);
        if (!one.success)
            return [];
        const { image, prompt, duration, take } = one.data;
        const taskId = one.data['task-id'] === undefined ? undefined : sourceText(doc, ['keyframes', index, 'task-id']);
        const line = lineOf(['keyframes', index]);
        return [{ index, image, prompt, duration: duration?.toString(), taskId, take: take?.toString(), line }];
    });
}
/** At least two keyframes in the list, and none of a clip's keys on the last one (it starts no clip). */
function keyframeCountProblems(entries, lineOf) {
    const problems = [];
    if (entries.length < 2) {
        problems.push({
            message: `keyframes: has ${entries.length}; a storyboard needs at least 2 keyframes ` +
                `(each neighbouring pair makes a clip)`,
            line: lineOf(['keyframes'])
        });
    }
    const last = entries.length - 1;
    const lastFrame = entries[last];
    if (last < 1 || !isObject(lastFrame))
        return problems;
    for (const key of CLIP_KEYS.filter(key => lastFrame[key] !== undefined)) {
        problems.push({
            message: `keyframes[${last}].${key}: the last keyframe ends the film, so it starts no clip and takes no ${key}; ` +
                `put it on keyframes[${last - 1}], the clip that ends here`,
            line: lineOf(['keyframes', last, key])
        });
    }
    return problems;
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
    if (issue.code === 'unrecognized_keys') {
        const parent = doc.getIn(at, true);
        return issue.keys.map(key => unknownKey(at, key, parent, lineAt(keyRange(parent, key)?.[0]) ?? lineOf(at)));
    }
    if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
        const missing = valueAt(data, at) === undefined;
        const what = missing ? 'is missing' : 'has the wrong type';
        return [
            {
                message: `${where(at) || '(the file)'}: ${what}; it must be ${wanted(at)}`,
                line: lineOf(missing ? at.slice(0, -1) : at)
            }
        ];
    }
    return [{ message: `${where(at) || '(the file)'}: ${issue.message}`, line: lineOf(at) }];
}
/** An unknown key, with the nearest known one and every key its mapping takes. */
function unknownKey(at, key, parent, line) {
    const inKeyframe = at[0] === 'keyframes' && typeof at[1] === 'number';
    const known = inKeyframe ? KEYFRAME_KEYS : FILE_KEYS;
    const guess = (0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .nearest */ .pA)(key, known);
    return {
        message: `${where([...at, key])}: unknown key${guess ? `; did you mean ${guess}?` : ''} ` +
            `(${inKeyframe ? 'a keyframe' : 'the file'} takes ${known.join(', ')})`,
        line
    };
}
/** Where a key of a mapping is written, for its line. */
function keyRange(parent, key) {
    const pair = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(parent)
        ? parent.items.find(item => (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isPair */ .tO)(item) && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(item.key) && item.key.value === key)
        : undefined;
    return pair && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isPair */ .tO)(pair) && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key) ? pair.key.range : undefined;
}
/** What the value at this path must be, as a person would say it. */
function wanted(at) {
    const field = at.at(-1);
    if (at.length === 0)
        return 'a mapping with keyframes: (and optionally resolution: and duration:)';
    if (field === 'keyframes')
        return 'a list of keyframes, each with an image:';
    if (typeof field === 'number')
        return 'a keyframe: a mapping with image: (and prompt:, duration:)';
    if (field === 'image' || field === 'prompt')
        return 'text';
    if (field === 'task-id')
        return 'a task id in quotes, such as "176843862716480123"';
    return 'a number or text, such as 6';
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