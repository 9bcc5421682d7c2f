/* C versions of hot loops of skillmap's extraction, with the same results as the
 * Python code they stand in for (property tests compare each pair):
 *
 *   scan(starts, elements, limit_of)  the trie walk of SkillIndex.scan (walk_python)
 *   find_all(haystack, needles, fold) repeated str.find (in haystack.lower()) for the attribute triggers
 *   split_words(text)                 the tokenizer regex of skillmap.text.tokens
 *   tokenize_ranges(text, ranges, forms, lookups) split_words on slices, words to normal
 *                                     forms (and their values in two lookup tables)
 *   scan_ranges(text, ranges, ...)    tokenize_ranges and the trie walk in one pass (SkillIndex.scan_ranges)
 *   lookup_all(table, keys)           [table[k] for k in keys] for dicts with __missing__
 *   blank_emphasis(text)              the markdown emphasis pass of skillmap.text.clean
 *   blank_chars(text, chars)          control characters to spaces (skillmap.text.clean)
 *   count_chars(text, chars, end)     the binary-text check of skillmap.extractor
 *   contains_any(text, needles, fold) any(n in text for n in needles), or in text.lower()
 *   split_points(line)                where skillmap.text.segment cuts a line
 *   split_lines(raw, cleaned, cls)    the non-blank lines of skillmap.text.segment
 *   csr_matmat(...)                   scipy.sparse's CSR product, for the title coder
 *
 * Optional accelerator: the package builds it when a C compiler is present (setup.py,
 * optional=True) and falls back to the Python code otherwise.
 *
 * The trie walk reads the plain Python objects the Python walk reads:
 *
 *   node      = [rules (list of int), children (dict element -> node),
 *                gaps (list of [size (int), dict element -> node])]
 *   elements  = list (one per token) of tuples of str: the token's trie elements
 *   starts    = list (one per token) of tuples of (node, element): where a pattern can
 *               start at that token (empty tuple: none)
 *   limit_of  = callable: token index -> exclusive token index a match may not reach,
 *               or a list of those indexes (one per token)
 *
 * and returns a list of (start token, end token inclusive, rule) tuples, in the order of
 * a depth-first walk (children in element order, then gaps), as the Python walk does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <stdint.h>

/* What one walk reads and where its matches go. */
typedef struct {
    PyObject *const *elements;  /* per token: the tuple of its trie elements */
    const Py_ssize_t *char_start, *char_end; /* per token: its offsets; NULL: emit token indexes */
    PyObject *out;
} walk_ctx;

static int
emit(const walk_ctx *ctx, Py_ssize_t start, Py_ssize_t end, PyObject *rule)
{
    PyObject *item = ctx->char_start != NULL
                         ? Py_BuildValue("(nnO)", ctx->char_start[start], ctx->char_end[end], rule)
                         : Py_BuildValue("(nnO)", start, end, rule);
    if (item == NULL)
        return -1;
    int failed = PyList_Append(ctx->out, item);
    Py_DECREF(item);
    return failed;
}

static int
bad_data(const char *what)
{
    PyErr_Format(PyExc_TypeError, "skill index scan: %s", what);
    return -1;
}

static int walk(PyObject *node, Py_ssize_t start, Py_ssize_t pos, Py_ssize_t limit, const walk_ctx *ctx);

/* Walk on from every child of ``children`` named by an element of token ``at``. */
static int
follow(PyObject *children, Py_ssize_t at, Py_ssize_t start, Py_ssize_t limit, const walk_ctx *ctx)
{
    PyObject *here = ctx->elements[at];
    if (!PyTuple_Check(here))
        return bad_data("token elements must be tuples");
    Py_ssize_t n_here = PyTuple_GET_SIZE(here);
    for (Py_ssize_t e = 0; e < n_here; e++) {
        PyObject *child = PyDict_GetItemWithError(children, PyTuple_GET_ITEM(here, e));
        if (child == NULL) {
            if (PyErr_Occurred())
                return -1;
            continue;
        }
        if (walk(child, start, at + 1, limit, ctx) < 0)
            return -1;
    }
    return 0;
}

static int
walk(PyObject *node, Py_ssize_t start, Py_ssize_t pos, Py_ssize_t limit, const walk_ctx *ctx)
{
    if (!PyList_Check(node) || PyList_GET_SIZE(node) != 3)
        return bad_data("a trie node must be a list of 3 items");
    PyObject *rules = PyList_GET_ITEM(node, 0);
    PyObject *children = PyList_GET_ITEM(node, 1);
    PyObject *gaps = PyList_GET_ITEM(node, 2);
    if (!PyList_Check(rules) || !PyDict_Check(children) || !PyList_Check(gaps))
        return bad_data("a trie node must hold [list, dict, list]");

    Py_ssize_t n_rules = PyList_GET_SIZE(rules);
    for (Py_ssize_t r = 0; r < n_rules; r++) {
        if (emit(ctx, start, pos - 1, PyList_GET_ITEM(rules, r)) < 0)
            return -1;
    }
    if (pos >= limit)
        return 0;
    if (PyDict_GET_SIZE(children) > 0 && follow(children, pos, start, limit, ctx) < 0)
        return -1;

    Py_ssize_t n_gaps = PyList_GET_SIZE(gaps);
    for (Py_ssize_t g = 0; g < n_gaps; g++) {
        PyObject *gap = PyList_GET_ITEM(gaps, g);
        if (!PyList_Check(gap) || PyList_GET_SIZE(gap) != 2 || !PyDict_Check(PyList_GET_ITEM(gap, 1)))
            return bad_data("a gap must be [size, dict]");
        Py_ssize_t size = PyLong_AsSsize_t(PyList_GET_ITEM(gap, 0));
        if (size == -1 && PyErr_Occurred())
            return -1;
        Py_ssize_t stop = pos + size + 1 < limit ? pos + size + 1 : limit;
        for (Py_ssize_t j = pos; j < stop; j++) {
            if (follow(PyList_GET_ITEM(gap, 1), j, start, limit, ctx) < 0)
                return -1;
        }
    }
    return 0;
}

/* The walks from each (node, element) pair of the tuple ``here`` (token i's starts). */
static int
walk_starts(PyObject *here, Py_ssize_t i, Py_ssize_t limit, const walk_ctx *ctx)
{
    if (!PyTuple_Check(here))
        return bad_data("start lists must be tuples");
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(here); k++) {
        PyObject *pair = PyTuple_GET_ITEM(here, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) < 1)
            return bad_data("a start must be a (node, element) tuple");
        if (walk(PyTuple_GET_ITEM(pair, 0), i, i + 1, limit, ctx) < 0)
            return -1;
    }
    return 0;
}

static PyObject *
scan(PyObject *self, PyObject *args)
{
    PyObject *starts, *elements, *limit_of;
    if (!PyArg_ParseTuple(args, "O!O!O:scan", &PyList_Type, &starts, &PyList_Type, &elements, &limit_of))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(starts);
    if (PyList_GET_SIZE(elements) != n)
        return PyErr_Format(PyExc_ValueError, "skill index scan: %zd start lists for %zd tokens",
                            n, PyList_GET_SIZE(elements));
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    /* No Python code runs during the walk (str keys only): the list's items stay put. */
    walk_ctx ctx = {PySequence_Fast_ITEMS(elements), NULL, NULL, out};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *here = PyList_GET_ITEM(starts, i);
        if (!PyTuple_Check(here)) {
            bad_data("start lists must be tuples");
            goto error;
        }
        if (PyTuple_GET_SIZE(here) == 0)
            continue;
        Py_ssize_t limit;
        if (PyList_CheckExact(limit_of)) { /* limits[i], read directly */
            if (i >= PyList_GET_SIZE(limit_of)) {
                PyErr_SetString(PyExc_IndexError, "skill index scan: fewer limits than tokens");
                goto error;
            }
            limit = PyLong_AsSsize_t(PyList_GET_ITEM(limit_of, i));
        }
        else {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL)
                goto error;
            PyObject *answer = PyObject_CallOneArg(limit_of, index);
            Py_DECREF(index);
            if (answer == NULL)
                goto error;
            limit = PyLong_AsSsize_t(answer);
            Py_DECREF(answer);
        }
        if (limit == -1 && PyErr_Occurred())
            goto error;
        if (limit <= i)
            continue;
        if (limit > n)
            limit = n;
        if (walk_starts(here, i, limit, &ctx) < 0)
            goto error;
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

/* The needles of a find_all call, flattened to code points and chained by the ASCII
 * character pair they start with; needles of one character, or whose first two are not
 * both ASCII, are chained by their first character (slot 128: any non-ASCII one). */
typedef struct {
    PyObject *needles; /* the tuple this set was built from (a reference is held) */
    Py_ssize_t n;
    Py_ssize_t *offset; /* needle k is chars[offset[k]] .. chars[offset[k + 1] - 1] */
    Py_UCS4 *chars;
    Py_ssize_t *next_in_chain;
    uint64_t pair_bits[128 * 128 / 64]; /* whether some needle starts with the pair: 2 KB, */
    Py_ssize_t pair_first[128 * 128];   /* so most positions never touch this 128 KB table */
    Py_ssize_t single_first[129];
    unsigned char starts_any[128]; /* some needle starts with this ASCII character */
    unsigned char single_ascii[128]; /* single_first[c] holds a needle: c alone may start one */
    uint64_t (*third)[2]; /* at a pair chain's first needle: the ASCII third characters its
                           * needles allow (all, for a needle of two characters) */
    int fold_ok; /* 0: not checked yet; 1: the needles suit ``fold``; -1: they do not */
} needle_set;

static void
needle_set_free(needle_set *set)
{
    if (set == NULL)
        return;
    Py_XDECREF(set->needles);
    PyMem_Free(set->offset);
    PyMem_Free(set->chars);
    PyMem_Free(set->next_in_chain);
    PyMem_Free(set->third);
    PyMem_Free(set);
}

/* The callers pass the same few tuples (attribute triggers, one per cue list) on every
 * call: their sets are kept, the oldest replaced when the table is full. */
#define NEEDLE_SETS 32
static needle_set *needle_sets[NEEDLE_SETS];
static int needle_sets_next = 0;

static needle_set *
needle_set_for(PyObject *needles)
{
    for (int i = 0; i < NEEDLE_SETS; i++)
        if (needle_sets[i] != NULL && needle_sets[i]->needles == needles)
            return needle_sets[i];
    Py_ssize_t n = PyTuple_GET_SIZE(needles), total = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        if (!PyUnicode_Check(needle) || PyUnicode_GET_LENGTH(needle) == 0) {
            PyErr_SetString(PyExc_TypeError, "find_all: needles must be non-empty str");
            return NULL;
        }
        total += PyUnicode_GET_LENGTH(needle);
    }
    needle_set *set = PyMem_Calloc(1, sizeof(needle_set));
    if (set == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    set->n = n;
    set->offset = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    set->chars = PyMem_Calloc(total ? total : 1, sizeof(Py_UCS4));
    set->next_in_chain = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t));
    set->third = PyMem_Calloc(n ? n : 1, sizeof(*set->third));
    if (set->offset == NULL || set->chars == NULL || set->next_in_chain == NULL || set->third == NULL) {
        needle_set_free(set);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t k = 0, at = 0; k < n; k++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        int n_kind = PyUnicode_KIND(needle);
        const void *n_data = PyUnicode_DATA(needle);
        set->offset[k] = at;
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(needle); i++)
            set->chars[at++] = PyUnicode_READ(n_kind, n_data, i);
        set->offset[k + 1] = at;
    }
    for (Py_ssize_t i = 0; i < 128 * 128; i++)
        set->pair_first[i] = -1;
    for (int c = 0; c < 129; c++)
        set->single_first[c] = -1;
    /* Built backwards so that each chain lists its needles in tuple order. */
    for (Py_ssize_t k = n - 1; k >= 0; k--) {
        const Py_UCS4 *needle = set->chars + set->offset[k];
        Py_ssize_t len = set->offset[k + 1] - set->offset[k];
        Py_UCS4 c = needle[0];
        if (c < 128 && len > 1 && needle[1] < 128) {
            set->next_in_chain[k] = set->pair_first[c * 128 + needle[1]];
            set->pair_first[c * 128 + needle[1]] = k;
            set->pair_bits[(c * 128 + needle[1]) >> 6] |= (uint64_t)1 << ((c * 128 + needle[1]) & 63);
        }
        else {
            int slot = c < 128 ? (int)c : 128;
            set->next_in_chain[k] = set->single_first[slot];
            set->single_first[slot] = k;
        }
        if (c < 128)
            set->starts_any[c] = 1;
    }
    for (int c = 0; c < 128; c++)
        set->single_ascii[c] = set->single_first[c] >= 0;
    for (Py_ssize_t pair = 0; pair < 128 * 128; pair++) {
        Py_ssize_t head = set->pair_first[pair];
        for (Py_ssize_t k = head; k >= 0; k = set->next_in_chain[k]) {
            Py_ssize_t len = set->offset[k + 1] - set->offset[k];
            Py_UCS4 e = len > 2 ? set->chars[set->offset[k] + 2] : 128;
            if (e < 128)
                set->third[head][e >> 6] |= (uint64_t)1 << (e & 63);
            else /* two characters long, or a non-ASCII third: any third character */
                set->third[head][0] = set->third[head][1] = ~(uint64_t)0;
        }
    }
    set->needles = Py_NewRef(needles);
    needle_set_free(needle_sets[needle_sets_next]);
    needle_sets[needle_sets_next] = set;
    needle_sets_next = (needle_sets_next + 1) % NEEDLE_SETS;
    return set;
}

/* With ``fold``, the text is read as str.lower() would give it: ASCII capitals and the
 * Kelvin sign (U+212A, whose lower case is "k") fold; no other character's lower case
 * is ASCII, and the needles (checked by the caller) hold no other cased characters. */
#define FOLD(c) ((Py_UCS4)((c) - 'A') < 26 ? (c) + 32 : (c) == 0x212A ? (Py_UCS4)'k' : (c))

/* Folded text is compared with the needles as they are: they may hold lower-case ASCII
 * and caseless characters only (FOLD leaves every other cased letter as it is). */
static int
check_fold_needles(needle_set *set, const char *caller)
{
    if (set->fold_ok == 0) { /* once per set: the same tuples come back on every call */
        set->fold_ok = 1;
        for (Py_ssize_t i = 0; i < set->offset[set->n]; i++) {
            Py_UCS4 c = set->chars[i];
            if (FOLD(c) != c || (c >= 128 && (Py_UNICODE_TOLOWER(c) != c || Py_UNICODE_TOUPPER(c) != c)))
                set->fold_ok = -1;
        }
    }
    if (set->fold_ok < 0) {
        PyErr_Format(PyExc_ValueError, "%s: with fold, needles must be lower-case ASCII or caseless", caller);
        return -1;
    }
    return 0;
}

/* One pass over the text for every needle of the set, for find_all and contains_any.
 * With ``out`` (a list of lists, one per needle) each occurrence is appended, occurrences
 * of one needle not overlapping (``next_ok``); without, the scan stops at the first one.
 * Returns -1 on error; 1 when ``fold`` met U+0130 (its lower case has two characters,
 * which shifts every later offset: the callers then answer None); else 0 (nothing found
 * without ``out``, or done) or 2 (found, without ``out``). */
#define ASCII_FOLD(c) ((c) - 'A' < 26u ? (c) + 32 : (c))
#define SCAN_NEEDLES(NAME, CHAR)                                                           \
    static int NAME(const CHAR *data, Py_ssize_t length, int fold, const needle_set *set,  \
                    Py_ssize_t *next_ok, PyObject *out)                                    \
    {                                                                                      \
        const uint64_t *pair_bits = set->pair_bits;                                        \
        const unsigned char *single_ascii = set->single_ascii;                             \
        const int single_other = set->single_first[128] >= 0;                             \
        for (Py_ssize_t p = 0; p < length; p++) {                                          \
            Py_UCS4 c = data[p];                                                           \
            Py_UCS4 d = p + 1 < length ? data[p + 1] : 128;                                \
            Py_ssize_t k = -1;                                                             \
            if ((c | d) < 128) {                                                           \
                /* The common case, kept short: is (c, d) a needle start, or c alone? */  \
                if (fold) {                                                                \
                    c = ASCII_FOLD(c);                                                     \
                    d = ASCII_FOLD(d);                                                     \
                }                                                                          \
                Py_ssize_t pair = c * 128 + d;                                             \
                if (pair_bits[pair >> 6] >> (pair & 63) & 1) {                             \
                    k = set->pair_first[pair];                                             \
                    /* Common pairs ("co", "on") start few needles: the third character   \
                     * turns most of them away before the chain is walked. */             \
                    Py_UCS4 e = p + 2 < length ? data[p + 2] : 128;                        \
                    if (e < 128) {                                                         \
                        if (fold)                                                          \
                            e = ASCII_FOLD(e);                                             \
                        if (!(set->third[k][e >> 6] >> (e & 63) & 1)) {                    \
                            k = -1;                                                        \
                            if (!single_ascii[c])                                          \
                                continue;                                                  \
                        }                                                                  \
                    }                                                                      \
                }                                                                          \
                else if (!single_ascii[c])                                                 \
                    continue;                                                              \
            }                                                                              \
            else {                                                                         \
                if (fold) {                                                                \
                    if (c == 0x130)                                                        \
                        return 1;                                                          \
                    c = FOLD(c);                                                           \
                    d = FOLD(d);                                                           \
                }                                                                          \
                if ((c | d) < 128) {                                                       \
                    Py_ssize_t pair = c * 128 + d;                                         \
                    if (pair_bits[pair >> 6] >> (pair & 63) & 1)                           \
                        k = set->pair_first[pair];                                         \
                }                                                                          \
                if (k < 0 && !(c < 128 ? single_ascii[c] : single_other))                 \
                    continue;                                                              \
            }                                                                              \
            for (int chain = 0; chain < 2; chain++) {                                      \
                for (; k >= 0; k = set->next_in_chain[k]) {                                \
                    const Py_UCS4 *needle = set->chars + set->offset[k];                   \
                    Py_ssize_t n_len = set->offset[k + 1] - set->offset[k];                \
                    if ((out != NULL && p < next_ok[k]) || p + n_len > length || needle[0] != c) \
                        continue;                                                          \
                    Py_ssize_t i = 1;                                                      \
                    if (fold) {                                                            \
                        while (i < n_len && needle[i] == FOLD((Py_UCS4)data[p + i]))       \
                            i++;                                                           \
                    }                                                                      \
                    else {                                                                 \
                        while (i < n_len && needle[i] == (Py_UCS4)data[p + i])             \
                            i++;                                                           \
                    }                                                                      \
                    if (i < n_len)                                                         \
                        continue;                                                          \
                    if (out == NULL) {                                                     \
                        for (Py_ssize_t q = p; fold && sizeof(CHAR) > 1 && q < length; q++) \
                            if (data[q] == 0x130)                                          \
                                return 1;                                                  \
                        return 2;                                                          \
                    }                                                                      \
                    PyObject *at = PyLong_FromSsize_t(p);                                  \
                    if (at == NULL || PyList_Append(PyList_GET_ITEM(out, k), at) < 0) {    \
                        Py_XDECREF(at);                                                    \
                        return -1;                                                         \
                    }                                                                      \
                    Py_DECREF(at);                                                         \
                    next_ok[k] = p + n_len;                                                \
                }                                                                          \
                k = set->single_first[c < 128 ? c : 128];                                  \
            }                                                                              \
        }                                                                                  \
        return 0;                                                                          \
    }

SCAN_NEEDLES(scan_needles_ucs1, Py_UCS1)
SCAN_NEEDLES(scan_needles_ucs2, Py_UCS2)
SCAN_NEEDLES(scan_needles_ucs4, Py_UCS4)

static int
scan_needles(PyObject *text, int fold, const needle_set *set, Py_ssize_t *next_ok, PyObject *out)
{
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return scan_needles_ucs1(data, length, fold, set, next_ok, out);
    case PyUnicode_2BYTE_KIND:
        return scan_needles_ucs2(data, length, fold, set, next_ok, out);
    default:
        return scan_needles_ucs4(data, length, fold, set, next_ok, out);
    }
}

/* find_all(haystack, needles, fold=False) -> list (one per needle) of the start offsets
 * of its non-overlapping occurrences: what repeated str.find calls give, in one pass
 * over the text (the attribute triggers look for ~70 short words in every posting).
 * With ``fold`` the offsets are those in haystack.lower(), found without building it;
 * None when the text holds U+0130, whose lower case is two characters long. */
static PyObject *
find_all(PyObject *self, PyObject *args)
{
    PyObject *haystack, *needles;
    int fold = 0;
    if (!PyArg_ParseTuple(args, "UO!|p:find_all", &haystack, &PyTuple_Type, &needles, &fold))
        return NULL;
    needle_set *set = needle_set_for(needles);
    if (set == NULL)
        return NULL;
    if (fold && check_fold_needles(set, "find_all") < 0)
        return NULL;
    Py_ssize_t n_needles = set->n;
    PyObject *out = PyList_New(n_needles);
    Py_ssize_t *next_ok = PyMem_Calloc(n_needles ? n_needles : 1, sizeof(Py_ssize_t));
    if (out == NULL || next_ok == NULL) {
        if (out != NULL)
            PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < n_needles; k++) {
        PyObject *found = PyList_New(0);
        if (found == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, found);
    }
    int status = scan_needles(haystack, fold, set, next_ok, out);
    if (status < 0)
        goto fail;
    PyMem_Free(next_ok);
    if (status == 1) {
        Py_DECREF(out);
        Py_RETURN_NONE;
    }
    return out;
fail:
    PyMem_Free(next_ok);
    Py_XDECREF(out);
    return NULL;
}

/* split_words(text) -> (starts, ends, words): the tokens of skillmap.text.tokens
 * (_SPLIT_RE), found by the same rules without the regex engine:
 *   a run of upper-case letters followed by lower-case ones ("Power", "EVSEs"), with an
 *   optional apostrophe part ("driver's");
 *   else an upper-case run ("NEC", "OSHA's" keeps "'s" as upper/lower letters);
 *   a digit run with ",digits" / ".digits" groups ("1,000", "31.42");
 *   one of & % + $.
 * Letters are ASCII plus Latin-1 (a-z, U+00DF-U+00F6, U+00F8-U+00FF lower case; A-Z,
 * U+00C0-U+00D6, U+00D8-U+00DE upper case), as in the regex. */
static inline int
is_lower(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xF6) || (c >= 0xF8 && c <= 0xFF);
}

static inline int
is_upper(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xDE);
}

static inline int
is_digit(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_apostrophe(Py_UCS4 c)
{
    return c == '\'' || c == 0x2019;
}

/* Word -> normal form, remembered by the words' code points: most tokens of a posting
 * are words seen before, and finding their form here skips making a str of each and
 * hashing it for the dict. Filled up to half its size (vocabularies are small), for one
 * forms table at a time; the forms come from that table, so results are the same. */
#define WORD_CACHE_SIZE (1 << 17) /* 65,536 words: a worker's share of 3,000 postings holds ~25,000 */
typedef struct {
    Py_hash_t hash;
    PyObject *word; /* owned; NULL: empty slot */
    PyObject *form; /* owned */
    PyObject *looked_up[2]; /* owned: the form's values in the two lookup tables, NULL
                             * until a call with lookups asks */
    signed char volt;       /* whether the form is a volt unit (scan_ranges); -1: not asked yet */
} word_entry;
static word_entry *word_cache = NULL;
static Py_ssize_t word_cache_used = 0;
static PyObject *word_cache_table = NULL; /* the forms table (a reference is held, so
                                            * another table never gets its address) */
static PyObject *word_cache_lookups[2] = {NULL, NULL}; /* the lookup tables, likewise */
static PyObject *word_cache_volt = NULL; /* the volt unit set the volt flags answer for */

static void
word_cache_clear(void)
{
    if (word_cache == NULL)
        return;
    for (Py_ssize_t i = 0; i < WORD_CACHE_SIZE; i++) {
        Py_CLEAR(word_cache[i].word);
        Py_CLEAR(word_cache[i].form);
        Py_CLEAR(word_cache[i].looked_up[0]);
        Py_CLEAR(word_cache[i].looked_up[1]);
    }
    word_cache_used = 0;
}

static Py_hash_t
span_hash(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_uhash_t h = 14695981039346656037ULL;
    for (Py_ssize_t i = start; i < end; i++) {
        h ^= (Py_uhash_t)PyUnicode_READ(kind, data, i);
        h *= 1099511628211ULL;
    }
    return (Py_hash_t)(h ^ (Py_uhash_t)(end - start));
}

/* table[key] for a dict, its __missing__ included: a new reference, or NULL. */
static PyObject *
get_item(PyObject *table, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(table, key); /* borrowed */
    if (value != NULL)
        return Py_NewRef(value);
    return PyErr_Occurred() ? NULL : PyObject_GetItem(table, key);
}

/* The form's values in the lookup tables, into looked_up (new references). */
static int
look_up(PyObject *form, PyObject **lookups, PyObject **looked_up)
{
    for (int t = 0; t < 2; t++) {
        looked_up[t] = get_item(lookups[t], form);
        if (looked_up[t] == NULL) {
            if (t)
                Py_CLEAR(looked_up[0]);
            return -1;
        }
    }
    return 0;
}

static void
word_entry_release(word_entry *entry)
{
    Py_CLEAR(entry->word);
    Py_CLEAR(entry->form);
    Py_CLEAR(entry->looked_up[0]);
    Py_CLEAR(entry->looked_up[1]);
}

/* The word cache's entry for text[start:end]: its form and, with ``lookups`` (two dicts
 * keyed by form), the form's values in both. When the cache is full, ``spare`` is filled
 * instead (new references: the caller releases them). NULL with an exception set on error. */
static word_entry *
word_entry_of(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *table, PyObject **lookups,
              word_entry *spare)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (table != word_cache_table
        || (lookups != NULL && (lookups[0] != word_cache_lookups[0] || lookups[1] != word_cache_lookups[1]))) {
        word_cache_clear();
        Py_XSETREF(word_cache_table, Py_NewRef(table));
        if (lookups != NULL) {
            Py_XSETREF(word_cache_lookups[0], Py_NewRef(lookups[0]));
            Py_XSETREF(word_cache_lookups[1], Py_NewRef(lookups[1]));
        }
    }
    if (word_cache == NULL) {
        word_cache = PyMem_Calloc(WORD_CACHE_SIZE, sizeof(word_entry));
        if (word_cache == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    Py_hash_t hash = span_hash(kind, data, start, end);
    Py_ssize_t length = end - start;
    Py_ssize_t slot = (Py_ssize_t)((Py_uhash_t)hash & (WORD_CACHE_SIZE - 1));
    while (word_cache[slot].word != NULL) {
        word_entry *entry = &word_cache[slot];
        if (entry->hash == hash && PyUnicode_GET_LENGTH(entry->word) == length) {
            int w_kind = PyUnicode_KIND(entry->word);
            const void *w_data = PyUnicode_DATA(entry->word);
            Py_ssize_t i = 0;
            while (i < length && PyUnicode_READ(w_kind, w_data, i) == PyUnicode_READ(kind, data, start + i))
                i++;
            if (i == length) {
                if (lookups != NULL && entry->looked_up[0] == NULL
                    && look_up(entry->form, lookups, entry->looked_up) < 0)
                    return NULL;
                return entry;
            }
        }
        slot = (slot + 1) & (WORD_CACHE_SIZE - 1);
    }
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL)
        return NULL;
    PyObject *form = get_item(table, word); /* __missing__ included */
    PyObject *looked_up[2] = {NULL, NULL};
    if (form == NULL || (lookups != NULL && look_up(form, lookups, looked_up) < 0)) {
        Py_DECREF(word);
        Py_XDECREF(form);
        return NULL;
    }
    word_entry *entry = word_cache_used < WORD_CACHE_SIZE / 2 ? &word_cache[slot] : spare;
    if (entry != spare)
        word_cache_used++;
    entry->hash = hash;
    entry->word = word; /* the references pass to the entry */
    entry->form = form;
    entry->looked_up[0] = looked_up[0];
    entry->looked_up[1] = looked_up[1];
    entry->volt = -1;
    return entry;
}

/* A new reference to the form of text[start:end], or NULL with an exception set. With
 * ``lookups`` (two dicts keyed by form), also the form's value in each, as new
 * references into looked_up. */
static PyObject *
normal_form_of(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *table, PyObject **lookups,
               PyObject **looked_up)
{
    word_entry spare = {0};
    word_entry *entry = word_entry_of(text, start, end, table, lookups, &spare);
    if (entry == NULL)
        return NULL;
    if (lookups != NULL) {
        looked_up[0] = Py_NewRef(entry->looked_up[0]);
        looked_up[1] = Py_NewRef(entry->looked_up[1]);
    }
    PyObject *form = Py_NewRef(entry->form);
    word_entry_release(&spare);
    return form;
}

/* Where the tokens go: starts, ends, words (or normal forms, with a forms table) and,
 * with lookup tables, each form's value in both. */
typedef struct token_arrays token_arrays;
typedef struct {
    PyObject *starts, *ends, *words;
    PyObject *table;       /* forms: a dict whose __missing__ computes and stores new ones */
    PyObject **lookups;    /* NULL, or two dicts keyed by form */
    PyObject *looked_up[2]; /* lists, with lookups */
    token_arrays *arrays;  /* scan_ranges: tokens go to C arrays instead of the lists */
} token_sink;

/* The tokens of a scan_ranges call. The objects are borrowed from the word cache, or
 * owned by ``keep`` when the cache had no room for them. */
struct token_arrays {
    Py_ssize_t n, capacity;
    Py_ssize_t *start, *end;
    PyObject **elements, **nodes, **form; /* per token: lookups[0][form], lookups[1][form], form */
    signed char *volt;                    /* per token: whether its form is a volt unit */
    PyObject *volt_units;                 /* a frozenset of forms */
    PyObject *keep;                       /* a list */
};

static int
token_arrays_grow(token_arrays *arrays)
{
    Py_ssize_t capacity = arrays->capacity ? arrays->capacity * 2 : 1024;
    Py_ssize_t *start = PyMem_Realloc(arrays->start, capacity * sizeof(Py_ssize_t));
    if (start != NULL)
        arrays->start = start;
    Py_ssize_t *end = PyMem_Realloc(arrays->end, capacity * sizeof(Py_ssize_t));
    if (end != NULL)
        arrays->end = end;
    PyObject **elements = PyMem_Realloc(arrays->elements, capacity * sizeof(PyObject *));
    if (elements != NULL)
        arrays->elements = elements;
    PyObject **nodes = PyMem_Realloc(arrays->nodes, capacity * sizeof(PyObject *));
    if (nodes != NULL)
        arrays->nodes = nodes;
    PyObject **form = PyMem_Realloc(arrays->form, capacity * sizeof(PyObject *));
    if (form != NULL)
        arrays->form = form;
    signed char *volt = PyMem_Realloc(arrays->volt, capacity);
    if (volt != NULL)
        arrays->volt = volt;
    if (start == NULL || end == NULL || elements == NULL || nodes == NULL || form == NULL || volt == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    arrays->capacity = capacity;
    return 0;
}

static void
token_arrays_free(token_arrays *arrays)
{
    PyMem_Free(arrays->start);
    PyMem_Free(arrays->end);
    PyMem_Free(arrays->elements);
    PyMem_Free(arrays->nodes);
    PyMem_Free(arrays->form);
    PyMem_Free(arrays->volt);
    Py_CLEAR(arrays->keep);
}

static int
append_token_arrays(PyObject *text, Py_ssize_t start, Py_ssize_t end, token_sink *sink)
{
    token_arrays *arrays = sink->arrays;
    if (arrays->n == arrays->capacity && token_arrays_grow(arrays) < 0)
        return -1;
    word_entry spare = {0};
    word_entry *entry = word_entry_of(text, start, end, sink->table, sink->lookups, &spare);
    if (entry == NULL)
        return -1;
    int failed = 0;
    if (entry->volt < 0) {
        int found = PySet_Contains(arrays->volt_units, entry->form);
        failed = found < 0;
        entry->volt = (signed char)(found > 0);
    }
    if (entry == &spare) /* kept alive by the list until the call ends */
        failed = failed || PyList_Append(arrays->keep, entry->form) < 0
                 || PyList_Append(arrays->keep, entry->looked_up[0]) < 0
                 || PyList_Append(arrays->keep, entry->looked_up[1]) < 0;
    if (!failed) {
        Py_ssize_t i = arrays->n++;
        arrays->start[i] = start;
        arrays->end[i] = end;
        arrays->elements[i] = entry->looked_up[0];
        arrays->nodes[i] = entry->looked_up[1];
        arrays->form[i] = entry->form;
        arrays->volt[i] = entry->volt;
    }
    word_entry_release(&spare);
    return failed ? -1 : 0;
}

/* Token offsets as ints, shared: most are below 65,536 and recur from posting to posting,
 * and making a new int object for every start and end costs more than the lookup. */
#define OFFSET_INTS (1 << 16)
static PyObject *offset_ints[OFFSET_INTS];

static PyObject *
offset_int(Py_ssize_t value)
{
    if (value < 0 || value >= OFFSET_INTS)
        return PyLong_FromSsize_t(value);
    PyObject *found = offset_ints[value];
    if (found == NULL) {
        found = PyLong_FromSsize_t(value);
        if (found == NULL)
            return NULL;
        offset_ints[value] = found; /* the table keeps this reference */
    }
    return Py_NewRef(found);
}

/* Appends one token; with a normal-form table the word is replaced by table[word]. */
static int
append_token(PyObject *text, Py_ssize_t start, Py_ssize_t end, token_sink *sink)
{
    if (sink->arrays != NULL)
        return append_token_arrays(text, start, end, sink);
    PyObject *values[2] = {NULL, NULL};
    PyObject *a = offset_int(start), *b = offset_int(end);
    PyObject *w = sink->table != NULL ? normal_form_of(text, start, end, sink->table, sink->lookups, values)
                                      : PyUnicode_Substring(text, start, end);
    int failed = a == NULL || b == NULL || w == NULL || PyList_Append(sink->starts, a) < 0
                 || PyList_Append(sink->ends, b) < 0 || PyList_Append(sink->words, w) < 0;
    if (!failed && sink->lookups != NULL)
        failed = PyList_Append(sink->looked_up[0], values[0]) < 0 || PyList_Append(sink->looked_up[1], values[1]) < 0;
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(w);
    Py_XDECREF(values[0]);
    Py_XDECREF(values[1]);
    return failed ? -1 : 0;
}

/* The tokens of text[a:b] (offsets into text), as split_words finds them in the slice:
 * nothing looks past b. One copy per string kind, so no character read switches on it. */
#define SPLIT_RANGE(NAME, CHAR)                                                            \
    static int NAME(PyObject *text, const CHAR *data, Py_ssize_t a, Py_ssize_t n, token_sink *sink) \
    {                                                                                      \
        Py_ssize_t p = a;                                                                  \
        while (p < n) {                                                                    \
            Py_UCS4 c = data[p];                                                           \
            Py_ssize_t end = -1;                                                           \
            if (is_upper(c) || is_lower(c)) {                                              \
                Py_ssize_t q = p;                                                          \
                while (q < n && is_upper(data[q]))                                         \
                    q++;                                                                   \
                if (q < n && is_lower(data[q])) {                                          \
                    /* upper run + lower run, then an optional apostrophe + lower run */  \
                    while (q < n && is_lower(data[q]))                                     \
                        q++;                                                               \
                    if (q + 1 < n && is_apostrophe(data[q]) && is_lower(data[q + 1])) {    \
                        q++;                                                               \
                        while (q < n && is_lower(data[q]))                                 \
                            q++;                                                           \
                    }                                                                      \
                    end = q;                                                               \
                }                                                                          \
                else if (q > p) {                                                          \
                    /* an upper-case run, then an optional apostrophe + letters */        \
                    if (q + 1 < n && is_apostrophe(data[q]) && (is_upper(data[q + 1]) || is_lower(data[q + 1]))) { \
                        q++;                                                               \
                        while (q < n && (is_upper(data[q]) || is_lower(data[q])))          \
                            q++;                                                           \
                    }                                                                      \
                    end = q;                                                               \
                }                                                                          \
            }                                                                              \
            else if (is_digit(c)) {                                                        \
                Py_ssize_t q = p;                                                          \
                while (q < n && is_digit(data[q]))                                         \
                    q++;                                                                   \
                while (q + 1 < n && (data[q] == '.' || data[q] == ',') && is_digit(data[q + 1])) { \
                    q++;                                                                   \
                    while (q < n && is_digit(data[q]))                                     \
                        q++;                                                               \
                }                                                                          \
                end = q;                                                                   \
            }                                                                              \
            else if (c == '&' || c == '%' || c == '+' || c == '$') {                       \
                end = p + 1;                                                               \
            }                                                                              \
            if (end > p) {                                                                 \
                if (append_token(text, p, end, sink) < 0)                                  \
                    return -1;                                                             \
                p = end;                                                                   \
            }                                                                              \
            else {                                                                         \
                p++;                                                                       \
            }                                                                          \
        }                                                                                  \
        return 0;                                                                          \
    }

SPLIT_RANGE(split_range_ucs1, Py_UCS1)
SPLIT_RANGE(split_range_ucs2, Py_UCS2)
SPLIT_RANGE(split_range_ucs4, Py_UCS4)

static int
split_range(PyObject *text, Py_ssize_t a, Py_ssize_t n, token_sink *sink)
{
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return split_range_ucs1(text, data, a, n, sink);
    case PyUnicode_2BYTE_KIND:
        return split_range_ucs2(text, data, a, n, sink);
    default:
        return split_range_ucs4(text, data, a, n, sink);
    }
}

/* split_range on each (start, end) pair of ``ranges`` (ends past the text are cut). */
static int
split_ranges(PyObject *text, PyObject *ranges, token_sink *sink, const char *caller)
{
    PyObject *seq = PySequence_Fast(ranges, "ranges must be a sequence of (start, end) pairs");
    if (seq == NULL)
        return -1;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        Py_ssize_t a, b;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "nn", &a, &b))
            goto fail;
        if (a < 0 || b < 0) {
            PyErr_Format(PyExc_ValueError, "%s: offsets must not be negative", caller);
            goto fail;
        }
        if (b > length)
            b = length;
        if (a < b && split_range(text, a, b, sink) < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return 0;
fail:
    Py_DECREF(seq);
    return -1;
}

static PyObject *
split_words(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:split_words", &text))
        return NULL;
    PyObject *starts = PyList_New(0), *ends = PyList_New(0), *words = PyList_New(0);
    token_sink sink = {starts, ends, words, NULL, NULL, {NULL, NULL}, NULL};
    if (starts == NULL || ends == NULL || words == NULL
        || split_range(text, 0, PyUnicode_GET_LENGTH(text), &sink) < 0) {
        Py_XDECREF(starts);
        Py_XDECREF(ends);
        Py_XDECREF(words);
        return NULL;
    }
    return Py_BuildValue("(NNN)", starts, ends, words);
}

/* tokenize_ranges(text, ranges, forms) -> (starts, ends, norms): split_words on each
 * text[a:b] of ranges (pairs of non-negative ints), offsets into text, each word mapped
 * through the dict ``forms`` (skillmap.text.tokens._NORMAL_FORMS). */
static PyObject *
tokenize_ranges(PyObject *self, PyObject *args)
{
    PyObject *text, *ranges, *table, *lookups = Py_None;
    if (!PyArg_ParseTuple(args, "UOO!|O:tokenize_ranges", &text, &ranges, &PyDict_Type, &table, &lookups))
        return NULL;
    PyObject *tables[2] = {NULL, NULL};
    if (lookups != Py_None) {
        if (!PyTuple_Check(lookups) || PyTuple_GET_SIZE(lookups) != 2 || !PyDict_Check(PyTuple_GET_ITEM(lookups, 0))
            || !PyDict_Check(PyTuple_GET_ITEM(lookups, 1))) {
            PyErr_SetString(PyExc_TypeError, "tokenize_ranges: lookups must be a tuple of two dicts");
            return NULL;
        }
        tables[0] = PyTuple_GET_ITEM(lookups, 0);
        tables[1] = PyTuple_GET_ITEM(lookups, 1);
    }
    token_sink sink = {PyList_New(0), PyList_New(0), PyList_New(0), table, NULL, {NULL, NULL}, NULL};
    if (tables[0] != NULL) {
        sink.lookups = tables;
        sink.looked_up[0] = PyList_New(0);
        sink.looked_up[1] = PyList_New(0);
        if (sink.looked_up[0] == NULL || sink.looked_up[1] == NULL)
            goto fail;
    }
    if (sink.starts == NULL || sink.ends == NULL || sink.words == NULL
        || split_ranges(text, ranges, &sink, "tokenize_ranges") < 0)
        goto fail;
    if (sink.lookups != NULL)
        return Py_BuildValue("(NNNNN)", sink.starts, sink.ends, sink.words, sink.looked_up[0], sink.looked_up[1]);
    return Py_BuildValue("(NNN)", sink.starts, sink.ends, sink.words);
fail:
    Py_XDECREF(sink.starts);
    Py_XDECREF(sink.ends);
    Py_XDECREF(sink.words);
    Py_XDECREF(sink.looked_up[0]);
    Py_XDECREF(sink.looked_up[1]);
    return NULL;
}

/* The first index of the sorted offsets[0:n] at or after value (bisect_left). */
static Py_ssize_t
lower_bound(const Py_ssize_t *offsets, Py_ssize_t n, Py_ssize_t value)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (offsets[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int
attribute_offset(PyObject *item, const char *name, Py_ssize_t *value)
{
    PyObject *found = PyObject_GetAttrString(item, name);
    if (found == NULL)
        return -1;
    *value = PyLong_AsSsize_t(found);
    Py_DECREF(found);
    return *value == -1 && PyErr_Occurred() ? -1 : 0;
}

/* scan_ranges(text, ranges, forms, lookups, lines, volt_units, voltage) -> list of
 * (start, end, rule) with character offsets: SkillIndex.scan_ranges in one call.
 * tokenize_ranges(text, ranges, forms, lookups) and SkillIndex.scan over its tokens,
 * without making the per-token lists: a match starting at a token inside a line (an
 * object with .start and .end, e.g. skillmap.text.segment.Line) may not reach past the
 * line's end; tokens outside every line start nothing. ``voltage(number form, unit form,
 * elements, starts)`` is asked about each token before one whose form is in volt_units,
 * and returns None or the token's (elements, starts) to use instead. */
static PyObject *
scan_ranges(PyObject *self, PyObject *args)
{
    PyObject *text, *ranges, *table, *lookups, *lines, *volt_units, *voltage;
    if (!PyArg_ParseTuple(args, "UOO!O!OO!O:scan_ranges", &text, &ranges, &PyDict_Type, &table, &PyTuple_Type,
                          &lookups, &lines, &PyFrozenSet_Type, &volt_units, &voltage))
        return NULL;
    if (PyTuple_GET_SIZE(lookups) != 2 || !PyDict_Check(PyTuple_GET_ITEM(lookups, 0))
        || !PyDict_Check(PyTuple_GET_ITEM(lookups, 1))) {
        PyErr_SetString(PyExc_TypeError, "scan_ranges: lookups must be a tuple of two dicts");
        return NULL;
    }
    if (volt_units != word_cache_volt && word_cache != NULL) { /* flags answered for another set */
        for (Py_ssize_t i = 0; i < WORD_CACHE_SIZE; i++)
            word_cache[i].volt = -1;
    }
    Py_XSETREF(word_cache_volt, Py_NewRef(volt_units));
    PyObject *tables[2] = {PyTuple_GET_ITEM(lookups, 0), PyTuple_GET_ITEM(lookups, 1)};
    token_arrays arrays = {0};
    arrays.volt_units = volt_units;
    arrays.keep = PyList_New(0);
    token_sink sink = {NULL, NULL, NULL, table, tables, {NULL, NULL}, &arrays};
    Py_ssize_t *limits = NULL;
    PyObject *out = NULL, *line_seq = NULL;
    if (arrays.keep == NULL)
        goto fail;

    if (split_ranges(text, ranges, &sink, "scan_ranges") < 0)
        goto fail;
    Py_ssize_t n = arrays.n;

    /* Per token, the token index its line ends at (-1 outside lines); a later line wins. */
    limits = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    if (limits == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        limits[i] = -1;
    line_seq = PySequence_Fast(lines, "lines must be a sequence");
    if (line_seq == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(line_seq); k++) {
        PyObject *line = PySequence_Fast_GET_ITEM(line_seq, k);
        Py_ssize_t line_start, line_end;
        if (attribute_offset(line, "start", &line_start) < 0 || attribute_offset(line, "end", &line_end) < 0)
            goto fail;
        Py_ssize_t first = lower_bound(arrays.start, n, line_start), stop = lower_bound(arrays.start, n, line_end);
        for (Py_ssize_t i = first; i < stop; i++)
            limits[i] = stop;
    }

    /* Voltages ("480 V"): the number token gains a #hv/#lv element, as in SkillIndex.scan. */
    for (Py_ssize_t j = 1; j < n; j++) {
        if (!arrays.volt[j])
            continue;
        PyObject *changed = PyObject_CallFunctionObjArgs(voltage, arrays.form[j - 1], arrays.form[j],
                                                         arrays.elements[j - 1], arrays.nodes[j - 1], NULL);
        if (changed == NULL)
            goto fail;
        int kept = PyList_Append(arrays.keep, changed);
        Py_DECREF(changed); /* the list holds it */
        if (kept < 0)
            goto fail;
        if (changed == Py_None)
            continue;
        if (!PyTuple_Check(changed) || PyTuple_GET_SIZE(changed) != 2) {
            PyErr_SetString(PyExc_TypeError, "scan_ranges: voltage must return None or (elements, starts)");
            goto fail;
        }
        arrays.elements[j - 1] = PyTuple_GET_ITEM(changed, 0);
        arrays.nodes[j - 1] = PyTuple_GET_ITEM(changed, 1);
    }

    out = PyList_New(0);
    if (out == NULL)
        goto fail;
    walk_ctx ctx = {arrays.elements, arrays.start, arrays.end, out};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *here = arrays.nodes[i];
        if (PyTuple_Check(here) && PyTuple_GET_SIZE(here) == 0)
            continue;
        Py_ssize_t limit = limits[i];
        if (limit <= i)
            continue;
        if (walk_starts(here, i, limit, &ctx) < 0)
            goto fail;
    }
    Py_DECREF(line_seq);
    PyMem_Free(limits);
    token_arrays_free(&arrays);
    return out;
fail:
    Py_XDECREF(line_seq);
    Py_XDECREF(out);
    PyMem_Free(limits);
    token_arrays_free(&arrays);
    return NULL;
}

/* lookup_all(table, keys) -> [table[k] for k in keys], __missing__ included. */
static PyObject *
lookup_all(PyObject *self, PyObject *args)
{
    PyObject *table, *keys;
    if (!PyArg_ParseTuple(args, "O!O!:lookup_all", &PyDict_Type, &table, &PyList_Type, &keys))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(keys);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        PyObject *value = PyDict_GetItemWithError(table, key);
        if (value != NULL)
            Py_INCREF(value);
        else if (!PyErr_Occurred())
            value = PyObject_GetItem(table, key);
        if (value == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, value);
    }
    return out;
}

/* A set of characters given as a str: ASCII ones in a bitmap, the others listed. */
typedef struct {
    uint64_t ascii[2];
    PyObject *chars;
} char_set;

static int
char_set_init(char_set *set, PyObject *chars)
{
    set->ascii[0] = set->ascii[1] = 0;
    set->chars = chars;
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(chars); i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128)
            set->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
    }
    return 0;
}

static inline int
char_set_has(const char_set *set, Py_UCS4 c)
{
    if (c < 128)
        return (int)(set->ascii[c >> 6] >> (c & 63) & 1);
    return PyUnicode_FindChar(set->chars, c, 0, PyUnicode_GET_LENGTH(set->chars), 1) >= 0;
}

/* count_chars(text, chars, end) -> how many characters of text[:end] are in chars. */
static PyObject *
count_chars(PyObject *self, PyObject *args)
{
    PyObject *text, *chars;
    Py_ssize_t end;
    if (!PyArg_ParseTuple(args, "UUn:count_chars", &text, &chars, &end))
        return NULL;
    char_set set;
    char_set_init(&set, chars);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), count = 0;
    if (end > length)
        end = length;
    for (Py_ssize_t p = 0; p < end; p++)
        count += char_set_has(&set, PyUnicode_READ(kind, data, p));
    return PyLong_FromSsize_t(count);
}

/* blank_chars(text, chars) -> text with every character in chars made a space (text
 * itself when it holds none). */
static PyObject *
blank_chars(PyObject *self, PyObject *args)
{
    PyObject *text, *chars;
    if (!PyArg_ParseTuple(args, "UU:blank_chars", &text, &chars))
        return NULL;
    char_set set;
    char_set_init(&set, chars);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), first = -1;
    for (Py_ssize_t p = 0; p < length; p++) {
        if (char_set_has(&set, PyUnicode_READ(kind, data, p))) {
            first = p;
            break;
        }
    }
    if (first < 0)
        return Py_NewRef(text);
    PyObject *out = PyUnicode_New(length, PyUnicode_MAX_CHAR_VALUE(text));
    if (out == NULL)
        return NULL;
    int out_kind = PyUnicode_KIND(out);
    void *out_data = PyUnicode_DATA(out);
    for (Py_ssize_t p = 0; p < length; p++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        PyUnicode_WRITE(out_kind, out_data, p, p >= first && char_set_has(&set, c) ? ' ' : c);
    }
    return out;
}

/* blank_emphasis(text) -> text with markdown emphasis markers blanked, as
 * skillmap.text.clean does with _MD_EMPHASIS_RE and _emphasis: markers are found left to
 * right ("**", "__", "*", a run of backticks, "~~"; the first that fits at a position)
 * and become spaces unless whitespace (or the text's edge) is on both sides. */
static PyObject *
blank_emphasis(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:blank_emphasis", &text))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = NULL;
    void *out_data = NULL;
#define AT(i) ((i) < n ? PyUnicode_READ(kind, data, (i)) : 0)
    Py_ssize_t p = 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        Py_ssize_t width = 0;
        if (c == '*')
            width = AT(p + 1) == '*' ? 2 : 1;
        else if (c == '_' || c == '~')
            width = AT(p + 1) == c ? 2 : 0;
        else if (c == '`') {
            width = 1;
            while (AT(p + width) == '`')
                width++;
        }
        if (width == 0) {
            p++;
            continue;
        }
        int space_before = p == 0 || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p - 1));
        int space_after = p + width >= n || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p + width));
        if (!(space_before && space_after)) {
            if (out == NULL) {
                out = PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(text));
                if (out == NULL)
                    return NULL;
                if (PyUnicode_CopyCharacters(out, 0, text, 0, n) < 0) {
                    Py_DECREF(out);
                    return NULL;
                }
                out_data = PyUnicode_DATA(out);
            }
            for (Py_ssize_t i = p; i < p + width; i++)
                PyUnicode_WRITE(kind, out_data, i, ' ');
        }
        p += width;
    }
#undef AT
    if (out == NULL)
        return Py_NewRef(text);
    return out;
}

/* contains_any(text, needles, fold=False) -> whether text contains one of the strings
 * of the tuple needles: any(needle in text for needle in needles), in one pass over text
 * (with the pair prefilter of find_all). With ``fold`` it answers for text.lower(), as
 * find_all does (lower-case needles; None whenever the text holds U+0130). */
static PyObject *
contains_any(PyObject *self, PyObject *args)
{
    PyObject *text, *needles;
    int fold = 0;
    if (!PyArg_ParseTuple(args, "UO!|p:contains_any", &text, &PyTuple_Type, &needles, &fold))
        return NULL;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(needles); k++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        if (!PyUnicode_Check(needle)) {
            PyErr_SetString(PyExc_TypeError, "contains_any: needles must be str");
            return NULL;
        }
        if (PyUnicode_GET_LENGTH(needle) == 0)
            Py_RETURN_TRUE; /* "" is in every text */
    }
    needle_set *set = needle_set_for(needles);
    if (set == NULL)
        return NULL;
    if (fold && check_fold_needles(set, "contains_any") < 0)
        return NULL;
    int found = scan_needles(text, fold, set, NULL, NULL);
    if (found < 0)
        return NULL;
    if (found == 1)
        Py_RETURN_NONE;
    return PyBool_FromLong(found == 2);
}

/* split_points(line) -> sorted offsets where skillmap.text.segment cuts a line into
 * segments (its _split_points): ends of sentences (_SENTENCE_END_RE), both sides of
 * inline bullets (_INLINE_BULLET_RE) and capitals glued to the previous word
 * (_glued_points), each found as its regex finds it. */
static inline int
is_ascii_lower(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
is_sentence_punct(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == ';';
}

static inline int
is_inline_bullet(Py_UCS4 c)
{
    return c == 0x2022 || c == 0xB7 || c == 0x25AA || c == 0x25CF || c == 0x25E6 || c == 0x2023;
}

/* [A-Z0-9•·▪●\-*]: what may start the sentence after a sentence end */
static inline int
starts_sentence(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == 0x2022 || c == 0xB7 || c == 0x25AA
           || c == 0x25CF || c == '-' || c == '*';
}

static inline void
add_point(char *seen, Py_ssize_t n, Py_ssize_t point)
{
    if (point > 0 && point < n)
        seen[point] = 1;
}

static PyObject *
split_points(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:split_points", &text))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    char *seen = PyMem_Calloc(n + 1, 1);
    if (seen == NULL)
        return PyErr_NoMemory();
#define AT(i) PyUnicode_READ(kind, data, (i))
    /* Sentence ends: [.!?;] then either (after a letter, digit, ) ] % " ' or ’) more
     * punctuation, whitespace and something that starts a sentence, or only whitespace
     * to the end of the line. The match ends after the whitespace. */
    Py_ssize_t p = 0;
    while (p < n) {
        if (!is_sentence_punct(AT(p))) {
            p++;
            continue;
        }
        Py_ssize_t end = -1;
        if (p >= 1) {
            Py_UCS4 b = AT(p - 1);
            if (is_ascii_lower(b) || (b >= '0' && b <= '9') || b == ')' || b == ']' || b == '%' || b == '"'
                || b == '\'' || b == 0x2019) {
                Py_ssize_t q = p + 1;
                while (q < n && is_sentence_punct(AT(q)))
                    q++;
                Py_ssize_t w = q;
                while (w < n && Py_UNICODE_ISSPACE(AT(w)))
                    w++;
                if (w > q && w < n) {
                    Py_UCS4 c = AT(w);
                    Py_ssize_t at = w;
                    if ((c == '"' || c == '\'' || c == 0x201C || c == '(') && w + 1 < n)
                        c = AT(++at);
                    int starts = starts_sentence(c);
                    if (!starts && at != w) /* the optional quote was not one: try without */
                        starts = starts_sentence(AT(w));
                    if (starts)
                        end = w;
                }
            }
        }
        if (end < 0) {
            Py_ssize_t w = p + 1;
            while (w < n && Py_UNICODE_ISSPACE(AT(w)))
                w++;
            if (w == n)
                end = n;
        }
        if (end < 0) {
            p++;
            continue;
        }
        add_point(seen, n, end);
        p = end;
    }
    /* Inline bullets: whitespace, then a bullet character or a spaced * - – —, then
     * whitespace; both ends of the match are points. */
    p = 0;
    while (p + 1 < n) {
        if (!Py_UNICODE_ISSPACE(AT(p))) {
            p++;
            continue;
        }
        Py_ssize_t q = -1;
        Py_UCS4 c = AT(p + 1);
        if (is_inline_bullet(c))
            q = p + 2;
        else if (p + 3 < n && Py_UNICODE_ISSPACE(c)) {
            Py_UCS4 d = AT(p + 2);
            if ((d == '*' || d == '-' || d == 0x2013 || d == 0x2014) && Py_UNICODE_ISSPACE(AT(p + 3)))
                q = p + 4;
        }
        if (q < 0) {
            p++;
            continue;
        }
        while (q < n && Py_UNICODE_ISSPACE(AT(q)))
            q++;
        add_point(seen, n, p);
        add_point(seen, n, q);
        p = q;
    }
    /* Glued capitals: [A-Z] after [a-z.)] and before two [a-z]; after "." only when a
     * lower-case letter precedes it, after a lower-case letter only when that letter
     * ends a word of two or more lower-case letters that starts a word. */
    for (p = 1; p + 2 < n; p++) {
        Py_UCS4 c = AT(p);
        if (!(c >= 'A' && c <= 'Z') || !is_ascii_lower(AT(p + 1)) || !is_ascii_lower(AT(p + 2)))
            continue;
        Py_UCS4 before = AT(p - 1);
        if (before == ')' || (before == '.' && p >= 2 && is_ascii_lower(AT(p - 2)))) {
            add_point(seen, n, p);
        }
        else if (is_ascii_lower(before)) {
            Py_ssize_t start = p - 1;
            while (start > 0 && is_ascii_lower(AT(start - 1)))
                start--;
            if (p - start >= 2
                && (start == 0 || !(Py_UNICODE_ISALNUM(AT(start - 1)) || AT(start - 1) == '_')))
                add_point(seen, n, p);
        }
    }
#undef AT
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 1; out != NULL && i < n; i++) {
        if (!seen[i])
            continue;
        PyObject *value = PyLong_FromSsize_t(i);
        if (value == NULL || PyList_Append(out, value) < 0) {
            Py_XDECREF(value);
            Py_CLEAR(out);
            break;
        }
        Py_DECREF(value);
    }
    PyMem_Free(seen);
    return out;
}

/* split_lines(raw, cleaned, line_class) -> [line_class(start, end, text, bullet,
 * heading_marked), ...]: the non-blank lines of cleaned, as skillmap.text.segment's
 * Python split_lines finds them (str.strip whitespace, _MD_BULLET_RE bullet markers,
 * heading marks read from raw by _MARK_START_RE and is_heading_marked). */
/* [*+\-•·▪●◦‣]: a bullet marker of _MD_BULLET_RE */
static inline int
is_bullet_mark(Py_UCS4 c)
{
    return c == '*' || c == '+' || c == '-' || c == 0x2022 || c == 0xB7 || c == 0x25AA || c == 0x25CF
           || c == 0x25E6 || c == 0x2023;
}

/* _BULLET_FIRST: a line starting with one of these may carry a bullet marker */
static inline int
is_bullet_first(Py_UCS4 c)
{
    return is_bullet_mark(c) || (c >= '0' && c <= '9');
}

/* _MD_BULLET_RE.match(cleaned[a:b]): ^[ \t]*([*+\-•·▪●◦‣]|\d{1,2}[.)])[ \t]+ ; returns
 * the match length, 0 without a match. */
static Py_ssize_t
bullet_marker_length(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
#define AT(i) PyUnicode_READ(kind, data, (i))
    Py_ssize_t q = a;
    while (q < b && (AT(q) == ' ' || AT(q) == '\t'))
        q++;
    if (q >= b)
        return 0;
    Py_UCS4 c = AT(q);
    if (is_bullet_mark(c))
        q++;
    else if (c >= '0' && c <= '9') {
        if (q + 1 < b && (AT(q + 1) == '.' || AT(q + 1) == ')'))
            q += 2;
        else if (q + 2 < b && Py_UNICODE_ISDECIMAL(AT(q + 1)) && (AT(q + 2) == '.' || AT(q + 2) == ')'))
            /* \d is any decimal digit; the first one is ASCII (the caller checked) */
            q += 3;
        else
            return 0;
    }
    else
        return 0;
    Py_ssize_t after = q;
    while (q < b && (AT(q) == ' ' || AT(q) == '\t'))
        q++;
    return q > after ? q - a : 0;
#undef AT
}

/* is_heading_marked(raw[a:b]) */
static int
heading_marked(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
#define AT(i) PyUnicode_READ(kind, data, (i))
    while (a < b && Py_UNICODE_ISSPACE(AT(a)))
        a++;
    while (b > a && Py_UNICODE_ISSPACE(AT(b - 1)))
        b--;
    if (b > a && AT(a) == '#')
        return 1;
    if (b - a <= 4)
        return 0;
    if (!((AT(a) == '*' && AT(a + 1) == '*') || (AT(a) == '_' && AT(a + 1) == '_')))
        return 0;
    Py_ssize_t e = b;
    while (e > a && AT(e - 1) == ':')
        e--;
    return e - a >= 2 && ((AT(e - 1) == '*' && AT(e - 2) == '*') || (AT(e - 1) == '_' && AT(e - 2) == '_'));
#undef AT
}

/* Whether a raw line starting at p opens with a heading mark: _MARK_START_RE,
 * ^[^\S\n]*(?:#|\*\*|__) with MULTILINE. */
static int
mark_starts_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t p)
{
    if (p > n || (p > 0 && PyUnicode_READ(kind, data, p - 1) != '\n'))
        return 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (c == '\n' || !Py_UNICODE_ISSPACE(c))
            break;
        p++;
    }
    if (p >= n)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, p);
    if (c == '#')
        return 1;
    return p + 1 < n && (c == '*' || c == '_') && PyUnicode_READ(kind, data, p + 1) == c;
}

static PyObject *
split_lines(PyObject *self, PyObject *args)
{
    PyObject *raw, *cleaned, *line_class;
    if (!PyArg_ParseTuple(args, "UUO:split_lines", &raw, &cleaned, &line_class))
        return NULL;
    int kind = PyUnicode_KIND(cleaned), raw_kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(cleaned), *raw_data = PyUnicode_DATA(raw);
    Py_ssize_t n = PyUnicode_GET_LENGTH(cleaned), raw_n = PyUnicode_GET_LENGTH(raw);
#define AT(i) PyUnicode_READ(kind, data, (i))
    /* As the Python code: marks are looked for only when raw holds "#", "**" or "__". */
    int any_marks = PyUnicode_FindChar(raw, '#', 0, raw_n, 1) >= 0;
    for (Py_ssize_t i = 0; !any_marks && i + 1 < raw_n; i++) {
        Py_UCS4 c = PyUnicode_READ(raw_kind, raw_data, i);
        any_marks = (c == '*' || c == '_') && PyUnicode_READ(raw_kind, raw_data, i + 1) == c;
    }
    PyObject *lines = PyList_New(0);
    if (lines == NULL)
        return NULL;
    Py_ssize_t pos = 0;
    while (pos <= n) {
        Py_ssize_t end = pos;
        while (end < n && AT(end) != '\n')
            end++;
        Py_ssize_t start = pos, stop = end;
        while (start < stop && Py_UNICODE_ISSPACE(AT(start)))
            start++;
        while (stop > start && Py_UNICODE_ISSPACE(AT(stop - 1)))
            stop--;
        if (stop > start) {
            Py_ssize_t stripped_length = stop - start;
            Py_ssize_t marker = is_bullet_first(AT(start)) ? bullet_marker_length(kind, data, pos, end) : 0;
            int bullet = marker > 0 && marker < end - pos;
            if (bullet) {
                start = pos + marker;
                while (start < stop && AT(start) == ' ')
                    start++;
            }
            int heading = 0;
            if (any_marks && stripped_length <= 120 && mark_starts_at(raw_kind, raw_data, raw_n, pos)) {
                Py_ssize_t a = pos < raw_n ? pos : raw_n, b = end < raw_n ? end : raw_n;
                heading = heading_marked(raw_kind, raw_data, a, b);
            }
            PyObject *text = PyUnicode_Substring(cleaned, start, stop);
            PyObject *line = text == NULL ? NULL
                                          : PyObject_CallFunction(line_class, "nnOOO", start, stop, text,
                                                                  bullet ? Py_True : Py_False,
                                                                  heading ? Py_True : Py_False);
            Py_XDECREF(text);
            if (line == NULL || PyList_Append(lines, line) < 0) {
                Py_XDECREF(line);
                Py_DECREF(lines);
                return NULL;
            }
            Py_DECREF(line);
        }
        pos = end + 1;
    }
#undef AT
    return lines;
}

/* One entry of a product row, for sorting the row by column. */
typedef struct {
    Py_ssize_t index;
    double value;
} csr_entry;

static int
compare_entries(const void *a, const void *b)
{
    Py_ssize_t x = ((const csr_entry *)a)->index, y = ((const csr_entry *)b)->index;
    return (x > y) - (x < y);
}

/* csr_matmat(a_indptr, a_indices, a_data, b_indptr, b_indices, b_data, n_cols) ->
 * (indptr, indices, data) as bytes of int64, int64 and float64: the product of two CSR
 * matrices by the algorithm of scipy.sparse (SMMP, as in its sparsetools csr_matmat):
 * the same sums in the same order, zeros dropped, each row's columns in the same order,
 * so the title coder gives bit-identical scores without importing scipy (0.2 s per
 * process). Inputs are C-contiguous buffers: int64 index arrays, float64 values. */
static int
get_buffer(PyObject *obj, Py_buffer *view, char kind, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format ? view->format : "B";
    if (*format == '<' || *format == '=' || *format == '@')
        format++;
    int ok = view->itemsize == 8 && view->ndim <= 1
             && (kind == 'd' ? strcmp(format, "d") == 0 : (strcmp(format, "q") == 0 || strcmp(format, "l") == 0));
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "csr_matmat: %s must be a contiguous %s array", name,
                     kind == 'd' ? "float64" : "int64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *
csr_matmat(PyObject *self, PyObject *args)
{
    PyObject *objects[6];
    Py_ssize_t n_cols;
    int sort_rows = 0;
    if (!PyArg_ParseTuple(args, "OOOOOOn|p:csr_matmat", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5], &n_cols, &sort_rows))
        return NULL;
    static const char kinds[6] = {'q', 'q', 'd', 'q', 'q', 'd'};
    static const char *names[6] = {"a_indptr", "a_indices", "a_data", "b_indptr", "b_indices", "b_data"};
    Py_buffer views[6];
    int got = 0;
    PyObject *result = NULL;
    Py_ssize_t *next = NULL, *c_indices = NULL, *c_indptr = NULL;
    double *sums = NULL, *c_data = NULL;
    csr_entry *row_entries = NULL;
    for (; got < 6; got++)
        if (get_buffer(objects[got], &views[got], kinds[got], names[got]) < 0)
            goto done;
    const int64_t *ap = views[0].buf, *aj = views[1].buf, *bp = views[3].buf, *bj = views[4].buf;
    const double *ax = views[2].buf, *bx = views[5].buf;
    Py_ssize_t n_rows = views[0].len / 8 - 1, a_nnz = views[1].len / 8, b_rows = views[3].len / 8 - 1,
               b_nnz = views[4].len / 8;
    if (n_rows < 0 || b_rows < 0 || n_cols < 0 || views[2].len / 8 != a_nnz || views[5].len / 8 != b_nnz
        || ap[n_rows] > a_nnz || bp[b_rows] > b_nnz) {
        PyErr_SetString(PyExc_ValueError, "csr_matmat: inconsistent CSR arrays");
        goto done;
    }
    next = PyMem_Malloc((n_cols ? n_cols : 1) * sizeof(Py_ssize_t));
    sums = PyMem_Calloc(n_cols ? n_cols : 1, sizeof(double));
    c_indptr = PyMem_Malloc((n_rows + 1) * sizeof(Py_ssize_t));
    Py_ssize_t capacity = 1024, nnz = 0;
    c_indices = PyMem_Malloc(capacity * sizeof(Py_ssize_t));
    c_data = PyMem_Malloc(capacity * sizeof(double));
    if (sort_rows)
        row_entries = PyMem_Malloc((n_cols ? n_cols : 1) * sizeof(csr_entry));
    if (next == NULL || sums == NULL || c_indptr == NULL || c_indices == NULL || c_data == NULL
        || (sort_rows && row_entries == NULL)) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_cols; k++)
        next[k] = -1;
    c_indptr[0] = 0;
    for (Py_ssize_t i = 0; i < n_rows; i++) {
        Py_ssize_t head = -2, length = 0;
        for (int64_t jj = ap[i]; jj < ap[i + 1]; jj++) {
            int64_t j = aj[jj];
            if (j < 0 || j >= b_rows) {
                PyErr_SetString(PyExc_ValueError, "csr_matmat: a column index is out of range");
                goto done;
            }
            double v = ax[jj];
            for (int64_t kk = bp[j]; kk < bp[j + 1]; kk++) {
                int64_t k = bj[kk];
                if (k < 0 || k >= n_cols) {
                    PyErr_SetString(PyExc_ValueError, "csr_matmat: a column index is out of range");
                    goto done;
                }
                sums[k] += v * bx[kk];
                if (next[k] == -1) {
                    next[k] = head;
                    head = (Py_ssize_t)k;
                    length++;
                }
            }
        }
        if (nnz + length > capacity) {
            while (nnz + length > capacity)
                capacity *= 2;
            Py_ssize_t *grown_indices = PyMem_Realloc(c_indices, capacity * sizeof(Py_ssize_t));
            if (grown_indices == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            c_indices = grown_indices;
            double *grown_data = PyMem_Realloc(c_data, capacity * sizeof(double));
            if (grown_data == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            c_data = grown_data;
        }
        for (Py_ssize_t jj = 0; jj < length; jj++) {
            if (sums[head] != 0) {
                c_indices[nnz] = head;
                c_data[nnz] = sums[head];
                nnz++;
            }
            Py_ssize_t temp = head;
            head = next[head];
            next[temp] = -1;
            sums[temp] = 0;
        }
        if (sort_rows && nnz - c_indptr[i] > 1) {
            /* columns ascending (what sorted_indices gives); the sums are already made */
            Py_ssize_t start = c_indptr[i], count = nnz - start;
            for (Py_ssize_t e = 0; e < count; e++) {
                row_entries[e].index = c_indices[start + e];
                row_entries[e].value = c_data[start + e];
            }
            qsort(row_entries, (size_t)count, sizeof(csr_entry), compare_entries);
            for (Py_ssize_t e = 0; e < count; e++) {
                c_indices[start + e] = row_entries[e].index;
                c_data[start + e] = row_entries[e].value;
            }
        }
        c_indptr[i + 1] = nnz;
    }
    result = Py_BuildValue("(y#y#y#)", (const char *)c_indptr, (Py_ssize_t)((n_rows + 1) * sizeof(Py_ssize_t)),
                           (const char *)c_indices, (Py_ssize_t)(nnz * sizeof(Py_ssize_t)), (const char *)c_data,
                           (Py_ssize_t)(nnz * sizeof(double)));
done:
    for (int v = 0; v < got; v++)
        PyBuffer_Release(&views[v]);
    PyMem_Free(next);
    PyMem_Free(sums);
    PyMem_Free(c_indptr);
    PyMem_Free(c_indices);
    PyMem_Free(c_data);
    PyMem_Free(row_entries);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, "scan(starts, elements, limit_of) -> list of (start, end, rule)"},
    {"find_all", find_all, METH_VARARGS, "find_all(haystack, needles, fold=False) -> list of lists of offsets (None: fold met U+0130)"},
    {"split_words", split_words, METH_VARARGS, "split_words(text) -> (starts, ends, words)"},
    {"tokenize_ranges", tokenize_ranges, METH_VARARGS, "tokenize_ranges(text, ranges, forms, lookups=None) -> (starts, ends, norms[, values in lookups[0], values in lookups[1]])"},
    {"scan_ranges", scan_ranges, METH_VARARGS, "scan_ranges(text, ranges, forms, lookups, lines, volt_units, voltage) -> list of (start, end, rule) with character offsets"},
    {"lookup_all", lookup_all, METH_VARARGS, "lookup_all(table, keys) -> list of table[key]"},
    {"csr_matmat", csr_matmat, METH_VARARGS, "csr_matmat(a_indptr, a_indices, a_data, b_indptr, b_indices, b_data, n_cols, sort=False) -> (indptr, indices, data) bytes"},
    {"split_lines", split_lines, METH_VARARGS, "split_lines(raw, cleaned, line_class) -> list of lines"},
    {"split_points", split_points, METH_VARARGS, "split_points(line) -> sorted segment cut offsets"},
    {"contains_any", contains_any, METH_VARARGS, "contains_any(text, needles, fold=False) -> bool (None: fold met U+0130)"},
    {"count_chars", count_chars, METH_VARARGS, "count_chars(text, chars, end) -> characters of text[:end] in chars"},
    {"blank_chars", blank_chars, METH_VARARGS, "blank_chars(text, chars) -> text with those characters made spaces"},
    {"blank_emphasis", blank_emphasis, METH_VARARGS, "blank_emphasis(text) -> text without markdown emphasis marks"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "C versions of skillmap's trie walk, trigger search, word splitter and emphasis pass.", -1, methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&module);
}
