/* The trie walk of skillmap.pipeline.matcher.SkillIndex.scan, in C.
 *
 * Optional accelerator: the package builds it when a C compiler is present and falls
 * back to the Python walk otherwise; tests check that both give the same matches in the
 * same order. The data are the plain Python objects the Python walk reads:
 *
 *   node      = [rules (list of int), children (dict element -> node),
 *                gaps (list of [size (int), dict element -> node])]
 *   elements  = list (one per token) of tuples of str: the token's trie elements
 *   starts    = list (one per token) of tuples of (node, element): where a pattern can
 *               start at that token (empty tuple: none)
 *   limit_of  = callable: token index -> exclusive token index a match may not reach
 *
 * It returns a list of (start token, end token inclusive, rule) tuples, in the order of
 * a depth-first walk (children in element order, then gaps), as the Python walk does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
emit(PyObject *out, Py_ssize_t start, Py_ssize_t end, PyObject *rule)
{
    PyObject *item = Py_BuildValue("(nnO)", start, end, rule);
    if (item == NULL)
        return -1;
    int failed = PyList_Append(out, item);
    Py_DECREF(item);
    return failed;
}

static int
bad_data(const char *what)
{
    PyErr_Format(PyExc_TypeError, "skill index scan: %s", what);
    return -1;
}

static int walk(PyObject *node, Py_ssize_t start, Py_ssize_t pos, Py_ssize_t limit,
                PyObject *elements, PyObject *out);

/* Walk on from every child of ``children`` named by an element of token ``at``. */
static int
follow(PyObject *children, Py_ssize_t at, Py_ssize_t start, Py_ssize_t limit,
       PyObject *elements, PyObject *out)
{
    PyObject *here = PyList_GET_ITEM(elements, at);
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
        if (walk(child, start, at + 1, limit, elements, out) < 0)
            return -1;
    }
    return 0;
}

static int
walk(PyObject *node, Py_ssize_t start, Py_ssize_t pos, Py_ssize_t limit,
     PyObject *elements, PyObject *out)
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
        if (emit(out, start, pos - 1, PyList_GET_ITEM(rules, r)) < 0)
            return -1;
    }
    if (pos >= limit)
        return 0;
    if (PyDict_GET_SIZE(children) > 0 && follow(children, pos, start, limit, elements, out) < 0)
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
            if (follow(PyList_GET_ITEM(gap, 1), j, start, limit, elements, out) < 0)
                return -1;
        }
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
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *here = PyList_GET_ITEM(starts, i);
        if (!PyTuple_Check(here)) {
            bad_data("start lists must be tuples");
            goto error;
        }
        Py_ssize_t n_here = PyTuple_GET_SIZE(here);
        if (n_here == 0)
            continue;
        PyObject *index = PyLong_FromSsize_t(i);
        if (index == NULL)
            goto error;
        PyObject *answer = PyObject_CallOneArg(limit_of, index);
        Py_DECREF(index);
        if (answer == NULL)
            goto error;
        Py_ssize_t limit = PyLong_AsSsize_t(answer);
        Py_DECREF(answer);
        if (limit == -1 && PyErr_Occurred())
            goto error;
        if (limit <= i)
            continue;
        if (limit > n)
            limit = n;
        for (Py_ssize_t k = 0; k < n_here; k++) {
            PyObject *pair = PyTuple_GET_ITEM(here, k);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) < 1) {
                bad_data("a start must be a (node, element) tuple");
                goto error;
            }
            if (walk(PyTuple_GET_ITEM(pair, 0), i, i + 1, limit, elements, out) < 0)
                goto error;
        }
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

/* find_all(haystack, needles) -> list (one per needle) of the start offsets of its
 * non-overlapping occurrences: what repeated str.find calls give, in one pass over the
 * text (the attribute triggers look for ~70 short words in every posting). */
static PyObject *
find_all(PyObject *self, PyObject *args)
{
    PyObject *haystack, *needles;
    if (!PyArg_ParseTuple(args, "UO!:find_all", &haystack, &PyTuple_Type, &needles))
        return NULL;
    Py_ssize_t n_needles = PyTuple_GET_SIZE(needles);
    Py_ssize_t *next_ok = PyMem_Calloc(n_needles ? n_needles : 1, sizeof(Py_ssize_t));
    Py_ssize_t *chain = PyMem_Calloc(n_needles ? n_needles : 1, sizeof(Py_ssize_t));
    Py_ssize_t first_of[129];
    PyObject *out = PyList_New(n_needles);
    if (next_ok == NULL || chain == NULL || out == NULL) {
        if (out != NULL)
            PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < n_needles; k++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        if (!PyUnicode_Check(needle) || PyUnicode_GET_LENGTH(needle) == 0) {
            PyErr_SetString(PyExc_TypeError, "find_all: needles must be non-empty str");
            goto fail;
        }
        PyObject *found = PyList_New(0);
        if (found == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, found);
    }
    /* Needles by first character: a chain per ASCII character, one chain for the rest,
     * so each text position looks only at needles that can start there. */
    for (int c = 0; c < 129; c++)
        first_of[c] = -1;
    for (Py_ssize_t k = n_needles - 1; k >= 0; k--) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        Py_UCS4 c = PyUnicode_READ(PyUnicode_KIND(needle), PyUnicode_DATA(needle), 0);
        int slot = c < 128 ? (int)c : 128;
        chain[k] = first_of[slot];
        first_of[slot] = k;
    }
    int kind = PyUnicode_KIND(haystack);
    const void *data = PyUnicode_DATA(haystack);
    Py_ssize_t length = PyUnicode_GET_LENGTH(haystack);
    for (Py_ssize_t p = 0; p < length; p++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        for (Py_ssize_t k = first_of[c < 128 ? c : 128]; k >= 0; k = chain[k]) {
            PyObject *needle = PyTuple_GET_ITEM(needles, k);
            int n_kind = PyUnicode_KIND(needle);
            const void *n_data = PyUnicode_DATA(needle);
            if (PyUnicode_READ(n_kind, n_data, 0) != c || p < next_ok[k])
                continue;
            Py_ssize_t n_len = PyUnicode_GET_LENGTH(needle);
            if (p + n_len > length)
                continue;
            Py_ssize_t i = 1;
            while (i < n_len && PyUnicode_READ(n_kind, n_data, i) == PyUnicode_READ(kind, data, p + i))
                i++;
            if (i < n_len)
                continue;
            PyObject *at = PyLong_FromSsize_t(p);
            if (at == NULL || PyList_Append(PyList_GET_ITEM(out, k), at) < 0) {
                Py_XDECREF(at);
                goto fail;
            }
            Py_DECREF(at);
            next_ok[k] = p + n_len;
        }
    }
    PyMem_Free(next_ok);
    PyMem_Free(chain);
    return out;
fail:
    PyMem_Free(next_ok);
    PyMem_Free(chain);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, "scan(starts, elements, limit_of) -> list of (start, end, rule)"},
    {"find_all", find_all, METH_VARARGS, "find_all(haystack, needles) -> list of lists of offsets"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "C trie walk for skillmap's skill index.", -1, methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&module);
}
