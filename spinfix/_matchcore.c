/* The table matcher's scan in C: spinfix's third optional compiled module (issue 14).
 *
 * Why: spinfix.matcher.PhraseMatcher found the table's phrases with one leftmost-longest Aho-Corasick
 * pass of ahocorasick_rs over the text's UTF-8 bytes, then a boundary check per raw match in Python. In
 * a restore that cost 25-30 ms per MB of clean news (a fifth of a default restore, a third of a
 * table-only run) where the same pass costs 11 alone: the 15,746-pattern automaton is walked a byte at a
 * time and its state table competes for the cache with everything else a restore reads. A phrase
 * starts where a word starts and ends where a word ends, so the text can be walked a word at a time
 * instead: one lookup per word start in a table of the patterns' first words small enough to stay in
 * the cache, and a walk down a trie of the following words only where a phrase begins (a bloom filter
 * answers most of those lookups without touching the larger table). 6.5 ms per MB alone, about 11 in a
 * restore.
 *
 * Same answers (tests/test_matcher.py compares it with matcher.ReferenceScanner on random tables and
 * texts): a text is a sequence of runs of word characters (normalize.is_word_char) and runs of other
 * characters. A *regular* pattern (the only kind this object takes: one that starts and ends with a word
 * character, which every shipped one does) is a run, then any number of (separator, run) tokens. At a
 * word start it matches exactly when its tokens are the text's tokens from there: a pattern's run is
 * followed by a separator or ends the pattern at a word end, so the text's run must end where the
 * pattern's does, and a separator between two runs is the text's whole separator. The scan takes, at each
 * word start (normalize.is_word_start), the longest pattern that ends at a word end
 * (normalize.is_word_end), goes on after it, and else skips to the next run: a position inside a run is
 * never a word start, and a regular pattern never starts on another character.
 *
 * Word characters: ASCII letters and digits; any other character is asked of the Python predicate the object was
 * made with (normalize.is_word_char) and the answer kept in a small memo, searched a bounded stretch from
 * the character's slot (CLASS_PROBES): a text of many colliding characters is asked again, never searched
 * long.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The scan's helpers are inlined into one copy of it per string kind (1, 2 or 4 bytes a character), so
 * that PyUnicode_READ's switch on the kind is decided once per text rather than once per character. */
#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

#include "_tuples.h"

typedef struct {
    uint64_t hash;     /* of (parent, token) */
    int32_t parent;    /* node the edge leaves (0: the root) */
    int32_t child;     /* node it enters; 0 marks an empty slot (no edge enters the root) */
    int32_t off;       /* the token's code points in store[off:off + len] */
    int32_t len;
} Edge;

/* An open-addressing table of edges, its size a power of two. */
typedef struct {
    Edge *slots;
    size_t mask;
} Edges;

#define CLASS_BITS 12
#define CLASS_SLOTS (1 << CLASS_BITS)  /* the non-ASCII characters' answers kept per object */
/* How far a character's answer is looked for from its slot: a text may hold thousands of distinct
 * characters chosen to collide (code points that differ only above the bits a hash keeps), and a
 * longer search would be paid on every one of their occurrences; past it the table starts again. */
#define CLASS_PROBES 32
#define BLOOM_BITS (1u << 19)  /* 64 KB: the deeper edges' hashes, one bit each */

typedef struct {
    PyObject_HEAD
    /* The edges that leave the root (the patterns' first words, 3,830 for the shipped tables) apart from
     * the deeper ones: half the words of a text start some pattern and every word start asks, so their
     * table is kept small enough to stay in the cache; a deeper edge is looked up only when its bit in
     * the bloom filter is set (most second words after a first word begin no pattern). */
    Edges root;
    Edges deep;
    uint64_t *bloom;
    Py_ssize_t *terminal;  /* per node: the pattern index ending there, or -1 */
    Py_ssize_t nodes;
    Py_UCS4 *store;
    Py_ssize_t longest;  /* the longest token */
    PyObject *word_char;  /* the predicate for characters beyond ASCII */
    Py_UCS4 class_key[CLASS_SLOTS];
    signed char class_value[CLASS_SLOTS];  /* -1: empty slot, else 0 or 1 */
} Phrases;

/* Word characters among ASCII: letters and digits (str.isalnum; no ASCII combining mark exists). */
static inline int
ascii_word(Py_UCS4 ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* 1 if ch is a word character, 0 if not, -1 with an exception set when the predicate failed. */
static int
word_char(Phrases *self, Py_UCS4 ch)
{
    if (ch < 128)
        return ascii_word(ch);
    /* Fibonacci hashing: the product's top bits, which every bit of the code point reaches. */
    size_t home = (size_t)((uint32_t)(ch * 2654435761u) >> (32 - CLASS_BITS)), slot = home;
    int open = 0;
    for (size_t k = 0; k < CLASS_PROBES; k++, slot = (slot + 1) & (CLASS_SLOTS - 1)) {
        if (self->class_value[slot] < 0) {
            open = 1;
            break;
        }
        if (self->class_key[slot] == ch)
            return self->class_value[slot];
    }
    PyObject *s = PyUnicode_FromOrdinal((int)ch);
    if (s == NULL)
        return -1;
    PyObject *r = PyObject_CallOneArg(self->word_char, s);
    Py_DECREF(s);
    if (r == NULL)
        return -1;
    int truth = PyObject_IsTrue(r);
    Py_DECREF(r);
    if (truth < 0)
        return -1;
    if (!open || self->class_value[slot] >= 0) {  /* no room near its slot: start the table again */
        memset(self->class_value, -1, sizeof(self->class_value));
        slot = home;
    }
    self->class_key[slot] = ch;
    self->class_value[slot] = (signed char)truth;
    return truth;
}

HOT uint64_t
token_hash(int32_t parent, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uint32_t)parent;
    h *= 1099511628211ULL;
    for (Py_ssize_t i = start; i < end; i++) {
        h ^= (uint64_t)PyUnicode_READ(kind, data, i);
        h *= 1099511628211ULL;
    }
    return h;
}

/* The node the edge (parent, text[start:end]) enters, or 0. */
HOT int32_t
child_of(const Phrases *self, int32_t parent, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t len = end - start;
    if (len > self->longest || self->terminal == NULL)
        return 0;
    uint64_t h = token_hash(parent, kind, data, start, end);
    const Edges *t = &self->root;
    if (parent != 0) {
        if (!((self->bloom[(h >> 40) & (BLOOM_BITS / 64 - 1)] >> (h & 63)) & 1))
            return 0;
        t = &self->deep;
    }
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        const Edge *e = &t->slots[i];
        if (e->child == 0)
            return 0;
        if (e->hash == h && e->parent == parent && e->len == len) {
            const Py_UCS4 *u = self->store + e->off;
            Py_ssize_t k = 0;
            while (k < len && u[k] == PyUnicode_READ(kind, data, start + k))
                k++;
            if (k == len)
                return e->child;
        }
    }
}

/* Put e into t (which has room). */
static void
place(Edges *t, const Edge *e)
{
    size_t i = (size_t)e->hash & t->mask;
    while (t->slots[i].child != 0)
        i = (i + 1) & t->mask;
    t->slots[i] = *e;
}

/* A table with room for n edges at most half full; 0 with MemoryError set on failure. */
static int
make_table(Edges *t, Py_ssize_t n)
{
    size_t size = 16;
    while (size < (size_t)n * 2 + 1)
        size <<= 1;
    t->slots = PyMem_Calloc(size, sizeof(Edge));
    if (t->slots == NULL) {
        PyErr_NoMemory();
        return 0;
    }
    t->mask = size - 1;
    return 1;
}

static void
free_tables(Phrases *self)
{
    PyMem_Free(self->root.slots);
    PyMem_Free(self->deep.slots);
    PyMem_Free(self->bloom);
    PyMem_Free(self->terminal);
    PyMem_Free(self->store);
    self->root.slots = self->deep.slots = NULL;
    self->root.mask = self->deep.mask = 0;
    self->bloom = NULL;
    self->terminal = NULL;
    self->store = NULL;
    self->nodes = 0;
    self->longest = 0;
}

static void
Phrases_clear(Phrases *self)
{
    free_tables(self);
    memset(self->class_value, -1, sizeof(self->class_value));
    Py_CLEAR(self->word_char);
}

/* The end of the run of word characters (want 1) or of other characters (want 0) that starts at i;
 * -1 with an exception set when the predicate failed. */
HOT Py_ssize_t
run_end(Phrases *self, int kind, const void *data, Py_ssize_t i, Py_ssize_t n, int want)
{
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int w = ch < 128 ? ascii_word(ch) : word_char(self, ch);
        if (w < 0)
            return -1;
        if (w != want)
            break;
        i++;
    }
    return i;
}

static int
Phrases_init(Phrases *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"patterns", "indices", "word_char", NULL};
    PyObject *patterns, *indices, *predicate;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO:Phrases", kwlist, &patterns, &indices, &predicate))
        return -1;
    Phrases_clear(self);
    if (!PyCallable_Check(predicate)) {
        PyErr_SetString(PyExc_TypeError, "Phrases: word_char must be callable");
        return -1;
    }
    Py_INCREF(predicate);
    self->word_char = predicate;
    PyObject *pats = PySequence_Fast(patterns, "Phrases: patterns must be a sequence");
    if (pats == NULL)
        return -1;
    PyObject *idx = PySequence_Fast(indices, "Phrases: indices must be a sequence");
    if (idx == NULL) {
        Py_DECREF(pats);
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(pats), total = 0, tokens = 0;
    int ok = 0;
    if (PySequence_Fast_GET_SIZE(idx) != n) {
        PyErr_SetString(PyExc_ValueError, "Phrases: one index per pattern");
        goto done;
    }
    /* First pass: check the patterns and count their characters and tokens (an upper bound: a word
     * start, after a separator, starts a token). */
    for (Py_ssize_t p = 0; p < n; p++) {
        PyObject *s = PySequence_Fast_GET_ITEM(pats, p);
        if (!PyUnicode_Check(s)) {
            PyErr_SetString(PyExc_TypeError, "Phrases: every pattern must be a str");
            goto done;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        if (len == 0) {
            PyErr_SetString(PyExc_ValueError, "Phrases: empty pattern");
            goto done;
        }
        int first = word_char(self, PyUnicode_READ(kind, data, 0));
        int last = word_char(self, PyUnicode_READ(kind, data, len - 1));
        if (first < 0 || last < 0)
            goto done;
        if (!first || !last) {
            PyErr_SetString(PyExc_ValueError, "Phrases: a pattern must start and end with a word character");
            goto done;
        }
        if (len > INT32_MAX / 4 || total > INT32_MAX / 4) {
            PyErr_SetString(PyExc_OverflowError, "Phrases: patterns too long");
            goto done;
        }
        total += len;
        tokens += 1;
        for (Py_ssize_t i = 1; i < len; i++) {
            int a = word_char(self, PyUnicode_READ(kind, data, i - 1));
            int b = word_char(self, PyUnicode_READ(kind, data, i));
            if (a < 0 || b < 0)
                goto done;
            tokens += !a && b;
        }
    }
    /* Built with room for every token, then the root's edges moved to a table their own size. */
    Edges wide = {NULL, 0};
    if (!make_table(&wide, n) || !make_table(&self->deep, tokens)) {
        PyMem_Free(wide.slots);
        goto done;
    }
    self->bloom = PyMem_Calloc(BLOOM_BITS / 64, sizeof(uint64_t));
    self->terminal = PyMem_Malloc(((size_t)tokens + 1) * sizeof(Py_ssize_t));
    self->store = PyMem_Malloc(((size_t)total + 1) * sizeof(Py_UCS4));
    if (self->bloom == NULL || self->terminal == NULL || self->store == NULL) {
        PyMem_Free(wide.slots);
        PyErr_NoMemory();
        goto done;
    }
    self->root = wide;
    self->nodes = 1;
    self->terminal[0] = -1;
    Py_ssize_t stored = 0, roots = 0;
    for (Py_ssize_t p = 0; p < n; p++) {
        PyObject *s = PySequence_Fast_GET_ITEM(pats, p);
        Py_ssize_t index = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(idx, p));
        if (index == -1 && PyErr_Occurred())
            goto done;
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        int32_t node = 0;
        Py_ssize_t start = 0;
        while (start < len) {
            /* The token: the first run, or a separator and the run after it. */
            Py_ssize_t end = start;
            if (start > 0 && (end = run_end(self, kind, data, start, len, 0)) < 0)
                goto done;
            if ((end = run_end(self, kind, data, end, len, 1)) < 0)
                goto done;
            if (end - start > self->longest)
                self->longest = end - start;
            int32_t child = child_of(self, node, kind, data, start, end);
            if (child == 0) {
                Edge e;
                e.hash = token_hash(node, kind, data, start, end);
                e.parent = node;
                e.child = child = (int32_t)self->nodes++;
                e.off = (int32_t)stored;
                e.len = (int32_t)(end - start);
                self->terminal[child] = -1;
                for (Py_ssize_t i = start; i < end; i++)
                    self->store[stored++] = PyUnicode_READ(kind, data, i);
                if (node == 0) {
                    place(&self->root, &e);
                    roots++;
                } else {
                    place(&self->deep, &e);
                    self->bloom[(e.hash >> 40) & (BLOOM_BITS / 64 - 1)] |= (uint64_t)1 << (e.hash & 63);
                }
            }
            node = child;
            start = end;
        }
        self->terminal[node] = index;  /* a pattern given twice: the later index, as the reference */
    }
    Edges root = {NULL, 0};
    if (!make_table(&root, roots))
        goto done;
    for (size_t i = 0; i <= wide.mask; i++)
        if (wide.slots[i].child != 0)
            place(&root, &wide.slots[i]);
    PyMem_Free(wide.slots);
    self->root = root;
    ok = 1;
done:
    Py_DECREF(pats);
    Py_DECREF(idx);
    if (!ok) {
        free_tables(self);
        return -1;
    }
    return 0;
}

static void
Phrases_dealloc(Phrases *self)
{
    Phrases_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* normalize.is_word_end at a run's end i (text[i] is no word character or i == n); -1 on error. */
HOT int
word_end(Phrases *self, int kind, const void *data, Py_ssize_t i, Py_ssize_t n)
{
    if (i >= n)
        return 1;
    Py_UCS4 next = PyUnicode_READ(kind, data, i);
    if (next != '\'' && next != '-' && next != '.')
        return 1;
    if (i + 1 >= n)
        return 1;
    Py_UCS4 after = PyUnicode_READ(kind, data, i + 1);
    int w = word_char(self, after);
    if (w <= 0)
        return w < 0 ? -1 : 1;
    if (next != '\'' || after != 's')
        return 0;
    if (i + 2 >= n)
        return 1;
    w = word_char(self, PyUnicode_READ(kind, data, i + 2));
    return w < 0 ? -1 : !w;
}

PyDoc_STRVAR(find_doc,
"find(norm) -> [(start, end, index), ...]\n\n"
"The patterns' matches in norm, as matcher.ReferenceScanner(patterns).find(norm) gives them: at each\n"
"word start the longest pattern that ends at a word end, then on after it; index is the one given with\n"
"the pattern.");

/* The scan of find over a text of n characters of one kind, its matches appended to out; 0 on error. */
HOT int
scan(Phrases *self, int kind, const void *data, Py_ssize_t n, PyObject *out)
{
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int w = ch < 128 ? ascii_word(ch) : word_char(self, ch);
        if (w < 0)
            return 0;
        if (!w) {
            i++;
            continue;
        }
        /* i starts a run (the previous character, if any, is no word character). */
        Py_ssize_t end = run_end(self, kind, data, i, n, 1);
        if (end < 0)
            return 0;
        Py_ssize_t len = end - i;
        /* normalize.is_word_start: not after a connector that follows a word character ("wi-fi"). */
        if (i >= 2) {
            Py_UCS4 prev = PyUnicode_READ(kind, data, i - 1);
            if (prev == '\'' || prev == '-' || prev == '.') {
                int before = word_char(self, PyUnicode_READ(kind, data, i - 2));
                if (before < 0)
                    return 0;
                if (before) {
                    i = end;
                    continue;
                }
            }
        }
        int32_t node = child_of(self, 0, kind, data, i, end);
        Py_ssize_t best = -1, best_end = 0;
        while (node != 0) {
            if (self->terminal[node] >= 0) {
                int e = word_end(self, kind, data, end, n);
                if (e < 0)
                    return 0;
                if (e) {
                    best = self->terminal[node];
                    best_end = end;
                }
            }
            /* The next token: the separator after this run and the run after it. */
            Py_ssize_t next = run_end(self, kind, data, end, n, 0);
            if (next < 0)
                return 0;
            if (next >= n || next - end >= self->longest)
                break;
            Py_ssize_t stop = run_end(self, kind, data, next, n, 1);
            if (stop < 0)
                return 0;
            node = child_of(self, node, kind, data, end, stop);
            end = stop;
        }
        if (best < 0) {
            i += len;
            continue;
        }
        PyObject *hit = int_tuple(3, (long long[]){i, best_end, best}, NULL);
        if (hit == NULL || PyList_Append(out, hit) < 0) {
            Py_XDECREF(hit);
            return 0;
        }
        Py_DECREF(hit);
        i = best_end;
    }
    return 1;
}

static PyObject *
Phrases_find(Phrases *self, PyObject *norm)
{
    if (!PyUnicode_Check(norm)) {
        PyErr_SetString(PyExc_TypeError, "find: norm must be a str");
        return NULL;
    }
    if (self->word_char == NULL) {
        PyErr_SetString(PyExc_ValueError, "find: the Phrases object was not initialised");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm);
    const void *data = PyUnicode_DATA(norm);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    int ok;
    switch (PyUnicode_KIND(norm)) {
    case PyUnicode_1BYTE_KIND:
        ok = scan(self, PyUnicode_1BYTE_KIND, data, n, out);
        break;
    case PyUnicode_2BYTE_KIND:
        ok = scan(self, PyUnicode_2BYTE_KIND, data, n, out);
        break;
    default:
        ok = scan(self, PyUnicode_4BYTE_KIND, data, n, out);
        break;
    }
    if (!ok) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef Phrases_methods[] = {
    {"find", (PyCFunction)Phrases_find, METH_O, find_doc},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PhrasesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spinfix._matchcore.Phrases",
    .tp_doc = PyDoc_STR("Regular patterns as a trie of words, and the matcher's scan over a text (see the module doc)."),
    .tp_basicsize = sizeof(Phrases),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Phrases_init,
    .tp_dealloc = (destructor)Phrases_dealloc,
    .tp_methods = Phrases_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_matchcore",
    "The table matcher's scan in C (optional; spinfix.matcher falls back to its automaton).", -1, NULL, NULL,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__matchcore(void)
{
    if (PyType_Ready(&PhrasesType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&PhrasesType);
    if (PyModule_AddObject(m, "Phrases", (PyObject *)&PhrasesType) < 0) {
        Py_DECREF(&PhrasesType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
