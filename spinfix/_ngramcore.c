/* The trigram model's lookups in C: spinfix's optional compiled core (issue 14).
 *
 * Why: the model's two questions, the scalar log10 P(words + right | left) that the scorer asks per
 * candidate and the batched readings of the spin evidence, were about a third of the time of spun news
 * and a seventh of clean text, spent in binary searches and the Python or numpy work around them.
 * This module answers both over the same arrays (the mapped n-gram file's views: sorted uint64 keys,
 * byte-quantised values) and gives the very numbers the Python code gives: the scalar path adds in
 * double precision in the order spinfix.ngram.TrigramModel.log_prob does, the batched path in single
 * precision where numpy's float32 arrays do (spinfix.evidence.TrigramBatch.reading_log_prob), so
 * decisions are the same with or without it (tests/test_ngramcore.py compares them on random queries).
 *
 * Core.best goes one step further for the spin evidence: each read word's readings come from the shipped
 * readings table (offsets into its id and cost arrays), and only the first best reading and its gain
 * over the word come back, the answer SpinDetector._evaluate found with numpy reductions over
 * concatenated rows; the reductions and the per-word slicing had cost as much as the lookups.
 * Core.contexts and Core.best_of do the same for the few words a reading asks about at a time (a
 * sentence's, or 64 words of a document score's reading): the windows as tuples, which are also the
 * memo's keys, and the answers as a list, with no numpy array built around them.
 *
 * It is optional: setuptools builds it when a C compiler is there, and spinfix.ngram falls back to the
 * Python code when the import fails. No numpy headers: arrays come in through the buffer protocol.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define WORD_SHIFT 17
#define UNKNOWN_LOG10 (-8.0)
/* The longest word sequence log_prob takes (its ids sit on the stack); exported as MAX_WORDS, which
 * spinfix.ngram.CORE_MAX_WORDS must equal (tests/test_ngramcore.py checks it). */
#define MAX_WORDS 64

#include "_tuples.h"

typedef struct {
    PyObject_HEAD
    Py_buffer views[7];
    int held;  /* how many of views[] are acquired */
    const uint8_t *uni_prob, *uni_bo, *bi_prob, *bi_bo, *tri_prob;
    const uint64_t *bi_key, *tri_key;
    Py_ssize_t n_uni, n_bi, n_tri;
    double prob[256], bo[256];
    float prob32[256], bo32[256];
    /* The bigrams (a, *) are bi_key[lo:hi] for (lo, hi) = bi_range[a], the trigrams (a, *, *) likewise
     * tri_range[a]; worked out for each word on first use (NO_RANGE until then), so a search reads a few
     * neighbouring keys instead of the array's top levels, and building the index touches only the
     * pages of the words asked about (the file is mapped: an index of every word would read all 30 MB
     * of keys into the process). 1.2 MB for the shipped model. */
    uint64_t *bi_range, *tri_range;
    /* The hashed index (see build_index), once built: each bigram's index by its key, and where each
     * bigram's trigrams start. NULL until then, and for good when it cannot be built (then every
     * lookup searches as above). */
    uint32_t *bi_slots;
    uint64_t bi_mask;
    int bi_shift, slot_index_bits;
    uint32_t *tri_start;
    int index_state;  /* 0: not tried yet, 1: built, -1: not possible (too big, or no memory) */
    Py_ssize_t asked;  /* windows weighed before the index (see note_windows) */
} Core;

/* The first index in the sorted keys[lo:hi] whose key is not below key (bisect_left). */
static inline Py_ssize_t
bound_in(const uint64_t *keys, Py_ssize_t lo, Py_ssize_t hi, uint64_t key)
{
    while (lo < hi) {
        Py_ssize_t mid = lo + ((hi - lo) >> 1);
        if (keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Index of key in the sorted keys[lo:hi], or -1. */
static inline Py_ssize_t
find(const uint64_t *keys, Py_ssize_t lo, Py_ssize_t hi, uint64_t key)
{
    Py_ssize_t at = bound_in(keys, lo, hi, key);
    return (at < hi && keys[at] == key) ? at : -1;
}

#define NO_RANGE UINT64_MAX

/* Where the keys (n of them, sorted) whose first word is a lie, as (lo << 32) | hi; ranges[a] caches it.
 * Called with the GIL held, so the cache needs no lock. */
static inline uint64_t
first_range(const uint64_t *keys, Py_ssize_t n, uint64_t *ranges, int64_t a, int shift)
{
    uint64_t r = ranges[a];
    if (r == NO_RANGE) {
        uint64_t lo = (uint64_t)bound_in(keys, 0, n, (uint64_t)a << shift);
        uint64_t hi = (uint64_t)bound_in(keys, 0, n, ((uint64_t)a + 1) << shift);
        ranges[a] = r = (lo << 32) | hi;
    }
    return r;
}

/* Index of key in keys (n of them, sorted), whose first word is a, or -1. */
static inline Py_ssize_t
search(const uint64_t *keys, Py_ssize_t n, uint64_t *ranges, int64_t a, int shift, uint64_t key)
{
    uint64_t r = first_range(keys, n, ranges, a, shift);
    return find(keys, (Py_ssize_t)(r >> 32), (Py_ssize_t)(r & 0xffffffffu), key);
}

/* A slot of the hashed bigram index is 32 bits: the bigram's index + 1 in the low slot_index_bits (0:
 * an empty slot), and above them a tag, more bits of the key's hash, so that a slot of another key is
 * passed over without reading its key (one in 2^tag-bits is read in vain). */
static inline uint64_t
hash_of(uint64_t key)
{
    return key * UINT64_C(0x9E3779B97F4A7C15);
}

static inline uint32_t
tag_of(const Core *c, uint64_t hash)
{
    return (uint32_t)(hash >> 16) >> c->slot_index_bits;
}

static inline Py_ssize_t
bigram(Core *c, int64_t a, int64_t b)
{
    uint64_t key = ((uint64_t)a << WORD_SHIFT) | (uint64_t)b;
    if (c->bi_slots != NULL) {
        uint64_t hash = hash_of(key);
        uint32_t tag = tag_of(c, hash), index_mask = ((uint32_t)1 << c->slot_index_bits) - 1;
        for (uint64_t h = hash >> c->bi_shift;; h = (h + 1) & c->bi_mask) {
            uint32_t slot = c->bi_slots[h];
            if (slot == 0)
                return -1;
            if ((slot >> c->slot_index_bits) == tag) {
                Py_ssize_t i = (Py_ssize_t)(slot & index_mask) - 1;
                if (c->bi_key[i] == key)
                    return i;
            }
        }
    }
    return search(c->bi_key, c->n_bi, c->bi_range, a, WORD_SHIFT, key);
}

/* Index of the trigram (a, b, w), whose bigram (a, b) has index ab (>= 0), or -1: among the bigram's own
 * trigrams (most have one or none) once the index is built, else among every trigram of a. */
static inline Py_ssize_t
trigram_of(Core *c, Py_ssize_t ab, int64_t a, int64_t b, int64_t w)
{
    uint64_t key = ((uint64_t)a << (2 * WORD_SHIFT)) | ((uint64_t)b << WORD_SHIFT) | (uint64_t)w;
    if (c->tri_start != NULL)
        return find(c->tri_key, (Py_ssize_t)c->tri_start[ab], (Py_ssize_t)c->tri_start[ab + 1], key);
    return search(c->tri_key, c->n_tri, c->tri_range, a, 2 * WORD_SHIFT, key);
}

/* Builds the hashed index of the n-grams, once per Core; 1 when it is there, 0 when it cannot be (the
 * lookups then keep searching the sorted keys).
 *
 * Why: the spin evidence weighs some 20 readings per word, each with two bigrams and up to three
 * trigrams to find, and on clean text that reading is most of what the document score costs (`analyse`,
 * so `spinfix scan`, spent three quarters of its time on clean news there). A binary search within a
 * word's keys reads a dozen keys far apart in 30 MB of mapped keys, each a likely cache miss; the open-
 * addressed table of the bigrams (twice as many 32-bit slots as bigrams, each the bigram's index and a
 * tag of its key's hash) finds one in about one read, and each bigram's trigrams (ARPA models list a
 * trigram only under an existing bigram, and every lookup here asks for one only then) start at
 * tri_start[bigram], a range of one or two keys instead of every trigram of its first word. Same
 * indices, so the same numbers. It costs 24 MB for the shipped model (and reads all 30 MB of mapped
 * keys into memory) and about 90 ms, so it is built once the batched readings have weighed
 * INDEX_AFTER windows (see note_windows), or when index() asks (Restorer.warm), not for the scorer's
 * few questions. */
static int
build_index(Core *c)
{
    if (c->index_state != 0)
        return c->index_state > 0;
    c->index_state = -1;
    int index_bits = 1;
    while (index_bits < 32 && ((uint64_t)1 << index_bits) <= (uint64_t)c->n_bi)
        index_bits++;  /* room for every index + 1 */
    if (32 - index_bits < 8)
        return 0;  /* too few tag bits left: the searches stay */
    uint64_t size = 2;
    int bits = 1;
    while (size < 2 * (uint64_t)c->n_bi) {
        size <<= 1;
        bits++;
    }
    uint32_t *slots = PyMem_Calloc((size_t)size, sizeof(uint32_t));
    uint32_t *start = PyMem_Malloc(((size_t)c->n_bi + 1) * sizeof(uint32_t));
    if (slots == NULL || start == NULL) {
        PyMem_Free(slots);
        PyMem_Free(start);
        return 0;
    }
    c->slot_index_bits = index_bits;
    c->bi_mask = size - 1;
    c->bi_shift = 64 - bits;
    for (Py_ssize_t i = 0; i < c->n_bi; i++) {
        uint64_t hash = hash_of(c->bi_key[i]), h = hash >> c->bi_shift;
        while (slots[h] != 0)
            h = (h + 1) & c->bi_mask;
        slots[h] = (tag_of(c, hash) << index_bits) | (uint32_t)(i + 1);
    }
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < c->n_bi; i++) {
        while (j < c->n_tri && (c->tri_key[j] >> WORD_SHIFT) < c->bi_key[i])
            j++;
        start[i] = (uint32_t)j;
    }
    start[c->n_bi] = (uint32_t)c->n_tri;
    c->bi_slots = slots;
    c->tri_start = start;
    c->index_state = 1;
    return 1;
}

/* Windows the batched readings weigh before the index is built: about 120 ms of searching, as long as
 * building it takes, so a corpus (a few dozen documents) has it and a single sentence or page never
 * waits for it (the first restore of a process stays as quick as before). */
#define INDEX_AFTER 20000

/* Counts the windows a batched reading is about to weigh, building the index once there were enough. */
static inline void
note_windows(Core *c, Py_ssize_t windows)
{
    if (c->index_state == 0) {
        c->asked += windows;
        if (c->asked >= INDEX_AFTER)
            build_index(c);
    }
}

/* log10 P(w | h2 h1) with Katz backoff; -1 stands for no word (or one the model does not know).
 * The order of the tests and additions is TrigramModel._word_log_prob's. */
static double
word_log_prob(Core *c, int64_t h2, int64_t h1, int64_t w)
{
    double backoff = 0.0;
    if (w < 0)
        return UNKNOWN_LOG10;
    if (h1 >= 0) {
        Py_ssize_t b = bigram(c, h1, w);
        Py_ssize_t ctx = h2 >= 0 ? bigram(c, h2, h1) : -1;
        if (b >= 0 && ctx >= 0) {
            Py_ssize_t t = trigram_of(c, ctx, h2, h1, w);
            if (t >= 0)
                return c->prob[c->tri_prob[t]];
        }
        if (ctx >= 0)
            backoff = c->bo[c->bi_bo[ctx]];
        if (b >= 0)
            return backoff + c->prob[c->bi_prob[b]];
        backoff += c->bo[c->uni_bo[h1]];
    }
    return backoff + c->prob[c->uni_prob[w]];
}

static int
get_view(Core *self, PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    self->held++;
    if (view->len % itemsize != 0) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes is not a whole number of %zd-byte items",
                     name, view->len, itemsize);
        return -1;
    }
    return 0;
}

static int
read_table(PyObject *seq, double *out, float *out32, const char *name)
{
    PyObject *fast = PySequence_Fast(seq, name);
    if (fast == NULL)
        return -1;
    if (PySequence_Fast_GET_SIZE(fast) != 256) {
        PyErr_Format(PyExc_ValueError, "%s: 256 values expected", name);
        Py_DECREF(fast);
        return -1;
    }
    for (Py_ssize_t i = 0; i < 256; i++) {
        double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
        out[i] = v;
        out32[i] = (float)v;  /* the tables hold float32 values, so this is exact */
    }
    Py_DECREF(fast);
    return 0;
}

static void
Core_release(Core *self)
{
    for (int i = 0; i < self->held; i++)
        PyBuffer_Release(&self->views[i]);
    self->held = 0;
    PyMem_Free(self->bi_range);
    PyMem_Free(self->tri_range);
    self->bi_range = self->tri_range = NULL;
    PyMem_Free(self->bi_slots);
    PyMem_Free(self->tri_start);
    self->bi_slots = NULL;
    self->tri_start = NULL;
    self->index_state = 0;
    self->asked = 0;
}

static int
Core_init(Core *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"uni_prob", "uni_bo", "bi_key", "bi_prob", "bi_bo", "tri_key", "tri_prob",
                             "prob", "bo", NULL};
    PyObject *o[7], *prob, *bo;
    static const char *names[7] = {"uni_prob", "uni_bo", "bi_key", "bi_prob", "bi_bo", "tri_key", "tri_prob"};
    static const Py_ssize_t sizes[7] = {1, 1, 8, 1, 1, 8, 1};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOOOOOOO:Core", kwlist,
                                     &o[0], &o[1], &o[2], &o[3], &o[4], &o[5], &o[6], &prob, &bo))
        return -1;
    Core_release(self);
    for (int i = 0; i < 7; i++)
        if (get_view(self, o[i], &self->views[i], sizes[i], names[i]) < 0)
            return -1;
    self->uni_prob = self->views[0].buf;
    self->uni_bo = self->views[1].buf;
    self->bi_key = self->views[2].buf;
    self->bi_prob = self->views[3].buf;
    self->bi_bo = self->views[4].buf;
    self->tri_key = self->views[5].buf;
    self->tri_prob = self->views[6].buf;
    self->n_uni = self->views[0].len;
    self->n_bi = self->views[2].len / 8;
    self->n_tri = self->views[5].len / 8;
    if (self->views[1].len != self->n_uni || self->views[3].len != self->n_bi ||
        self->views[4].len != self->n_bi || self->views[6].len != self->n_tri) {
        PyErr_SetString(PyExc_ValueError, "the value arrays do not match their keys");
        return -1;
    }
    if (read_table(prob, self->prob, self->prob32, "prob") < 0 || read_table(bo, self->bo, self->bo32, "bo") < 0)
        return -1;
    if ((self->n_bi && (self->bi_key[self->n_bi - 1] >> WORD_SHIFT) >= (uint64_t)self->n_uni) ||
        (self->n_tri && (self->tri_key[self->n_tri - 1] >> (2 * WORD_SHIFT)) >= (uint64_t)self->n_uni) ||
        self->n_bi > UINT32_MAX || self->n_tri > UINT32_MAX) {
        /* The last key has the largest first word, if the keys are sorted as the file promises. */
        PyErr_SetString(PyExc_ValueError, "an n-gram key names a word the model does not have");
        return -1;
    }
    self->bi_range = PyMem_Malloc((size_t)self->n_uni * sizeof(uint64_t));
    self->tri_range = PyMem_Malloc((size_t)self->n_uni * sizeof(uint64_t));
    if (self->bi_range == NULL || self->tri_range == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memset(self->bi_range, 0xff, (size_t)self->n_uni * sizeof(uint64_t));
    memset(self->tri_range, 0xff, (size_t)self->n_uni * sizeof(uint64_t));
    return 0;
}

static void
Core_dealloc(Core *self)
{
    Core_release(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Whether a call got its want arguments; else a TypeError showing its usage, and 0. */
static int
arity(Py_ssize_t nargs, Py_ssize_t want, const char *usage)
{
    if (nargs == want)
        return 1;
    PyErr_SetString(PyExc_TypeError, usage);
    return 0;
}

static int
check_id(const Core *c, long long id)
{
    if (id >= c->n_uni) {
        PyErr_Format(PyExc_IndexError, "word id %lld is not in the model", id);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(log_prob_doc,
"log_prob(ids, start) -> float\n\n"
"Sum of log10 P(ids[i] | ids[i-2], ids[i-1]) for i from start to the end (-1: no such word), added\n"
"left to right as TrigramModel.log_prob does.");

static PyObject *
Core_log_prob(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "log_prob(ids, start)"))
        return NULL;
    PyObject *fast = PySequence_Fast(args[0], "ids must be a sequence");
    if (fast == NULL)
        return NULL;
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    if (start == -1 && PyErr_Occurred()) {
        Py_DECREF(fast);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    int64_t ids[MAX_WORDS];
    if (n > MAX_WORDS) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "at most %d words", MAX_WORDS);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long long v = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if ((v == -1 && PyErr_Occurred()) || check_id(self, v) < 0) {
            Py_DECREF(fast);
            return NULL;
        }
        ids[i] = v < 0 ? -1 : v;
    }
    Py_DECREF(fast);
    double total = 0.0;
    for (Py_ssize_t i = start < 0 ? 0 : start; i < n; i++) {
        int64_t h1 = i > 0 ? ids[i - 1] : -1;
        int64_t h2 = (i > 1 && h1 >= 0) ? ids[i - 2] : -1;
        total += word_log_prob(self, h2, h1, ids[i]);
    }
    return PyFloat_FromDouble(total);
}

PyDoc_STRVAR(bigram_doc, "bigram(a, b) -> int\n\nIndex of the bigram (a, b) in the bigram arrays, or -1.");

static PyObject *
Core_bigram(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "bigram(a, b)"))
        return NULL;
    long long a = PyLong_AsLongLong(args[0]), b = PyLong_AsLongLong(args[1]);
    if (PyErr_Occurred() || check_id(self, a) < 0 || check_id(self, b) < 0)
        return NULL;
    if (a < 0 || b < 0)
        return PyLong_FromLong(-1);
    return PyLong_FromSsize_t(bigram(self, a, b));
}

/* One term of the batched readings: log10 P(x2 | x0 x1) from the looked-up n-grams, in float32 as the
 * numpy code computes it (TrigramBatch.reading_log_prob's term()). */
static inline float
batch_term(const Core *c, Py_ssize_t ctx, Py_ssize_t bi, Py_ssize_t tri, int has_h1, int64_t x1, int64_t x2)
{
    if (tri >= 0)
        return c->prob32[c->tri_prob[tri]];
    float bo2 = ctx >= 0 ? c->bo32[c->bi_bo[ctx]] : 0.0f;
    if (bi >= 0)
        return bo2 + c->prob32[c->bi_prob[bi]];
    float bo1 = has_h1 ? c->bo32[c->uni_bo[x1]] : 0.0f;
    float s = bo2 + bo1;
    return s + c->prob32[c->uni_prob[x2]];
}

/* A context window of the batched readings: what every reading of one word shares. */
typedef struct {
    int64_t cl2, cl1, cr1, cr2;
    int has_r, k0, k2;
    Py_ssize_t left, right, t0_lo, t0_hi;
} Window;

static inline void
window_init(Core *self, Window *x, int64_t l2, int64_t l1, int64_t r1, int64_t r2)
{
    int has_l = l1 >= 0 && l2 >= 0;
    x->has_r = r1 >= 0 && r2 >= 0;
    x->left = has_l ? bigram(self, l2, l1) : -1;
    x->right = x->has_r ? bigram(self, r1, r2) : -1;
    x->cl2 = l2 >= 0 ? l2 : 0;
    x->cl1 = l1 >= 0 ? l1 : 0;
    x->cr1 = r1 >= 0 ? r1 : 0;
    x->cr2 = r2 >= 0 ? r2 : 0;
    x->k0 = l1 >= 0;
    x->k2 = r1 >= 0;
    /* The trigrams that start with the window's left context (l2, l1) lie together: found once per
     * window, each reading's (l2, l1, w) is searched among them alone instead of among every trigram
     * of l2 (the same index, so the same numbers). */
    x->t0_lo = x->t0_hi = 0;
    if (x->left >= 0 && self->tri_start != NULL) {
        x->t0_lo = (Py_ssize_t)self->tri_start[x->left];
        x->t0_hi = (Py_ssize_t)self->tri_start[x->left + 1];
    } else if (x->left >= 0) {
        uint64_t r = first_range(self->tri_key, self->n_tri, self->tri_range, x->cl2, 2 * WORD_SHIFT);
        uint64_t prefix = ((uint64_t)x->cl2 << (2 * WORD_SHIFT)) | ((uint64_t)x->cl1 << WORD_SHIFT);
        x->t0_lo = bound_in(self->tri_key, (Py_ssize_t)(r >> 32), (Py_ssize_t)(r & 0xffffffffu), prefix);
        x->t0_hi = bound_in(self->tri_key, x->t0_lo, (Py_ssize_t)(r & 0xffffffffu),
                            prefix + ((uint64_t)1 << WORD_SHIFT));
    }
}

/* The lookups of one reading w in window x that window_total sums: its two inner bigrams (w after l1, r1
 * after w) and its three trigrams (-1 for each that is not there or not asked). */
typedef struct {
    Py_ssize_t inner_l, inner_r, t0, t1, t2;
} Lookups;

static inline void
window_bigrams(Core *self, const Window *x, int64_t w, Lookups *out)
{
    int k1 = w >= 0;
    int64_t cw = k1 ? w : 0;
    out->inner_l = (x->k0 && k1) ? bigram(self, x->cl1, cw) : -1;
    out->inner_r = (k1 && x->k2) ? bigram(self, cw, x->cr1) : -1;
}

static inline void
window_trigrams(Core *self, const Window *x, int64_t w, Lookups *out)
{
    int k1 = w >= 0;
    int64_t cw = k1 ? w : 0, cl2 = x->cl2, cl1 = x->cl1, cr1 = x->cr1, cr2 = x->cr2;
    Py_ssize_t inner_l = out->inner_l, inner_r = out->inner_r;
    out->t0 = (x->left >= 0 && inner_l >= 0)
        ? find(self->tri_key, x->t0_lo, x->t0_hi,
               ((uint64_t)cl2 << (2 * WORD_SHIFT)) | ((uint64_t)cl1 << WORD_SHIFT) | (uint64_t)cw)
        : -1;
    out->t1 = (x->k0 && k1 && inner_l >= 0 && inner_r >= 0) ? trigram_of(self, inner_l, cl1, cw, cr1) : -1;
    out->t2 = (k1 && x->k2 && inner_r >= 0 && x->right >= 0) ? trigram_of(self, inner_r, cw, cr1, cr2) : -1;
}

static inline double
window_sum(const Core *self, const Window *x, int64_t w, const Lookups *l)
{
    int k1 = w >= 0;
    int64_t cw = k1 ? w : 0;
    double total = k1 ? (double)batch_term(self, x->left, l->inner_l, l->t0, x->k0, x->cl1, cw) : UNKNOWN_LOG10;
    total = total + (x->k2 ? (double)batch_term(self, l->inner_l, l->inner_r, l->t1, k1, cw, x->cr1) : 0.0);
    total = total + (x->has_r ? (double)batch_term(self, l->inner_r, x->right, l->t2, x->k2, x->cr1, x->cr2) : 0.0);
    return total;
}

/* log10 P(w r1 r2 | l2 l1) of one reading w in window x, summed as the numpy code sums its terms. */
static inline double
window_total(Core *self, const Window *x, int64_t w)
{
    Lookups l;
    window_bigrams(self, x, w, &l);
    window_trigrams(self, x, w, &l);
    return window_sum(self, x, w, &l);
}

/* A C-contiguous buffer of obj holding 8-byte items of one kind, int64 ('q' or 'l') or float64 ('d'),
 * writable when asked; else -1, with a TypeError naming the argument (or the buffer protocol's error). */
static int
array_view(PyObject *obj, Py_buffer *view, int floating, int writable, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    const char *f = view->format;
    if (view->itemsize != 8 || f == NULL ||
        (floating ? strcmp(f, "d") != 0 : strcmp(f, "q") != 0 && strcmp(f, "l") != 0)) {
        PyErr_Format(PyExc_TypeError, floating ? "%s: a float64 array is expected" : "%s: an int64 array is expected",
                     name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(readings_doc,
"readings(l2, l1, w, r1, r2, sizes, out)\n\n"
"TrigramBatch.reading_log_prob into ``out`` (float64, one entry per reading): int64 arrays, the\n"
"context arrays one entry per window and ``w`` that window's ``sizes[k]`` readings in a row.");

static PyObject *
Core_readings(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 7, "readings(l2, l1, w, r1, r2, sizes, out)"))
        return NULL;
    static const char *names[6] = {"l2", "l1", "w", "r1", "r2", "sizes"};
    Py_buffer v[6], out;
    int got = 0, have_out = 0;
    PyObject *result = NULL;
    for (; got < 6; got++)
        if (array_view(args[got], &v[got], 0, 0, names[got]) < 0)
            goto done;
    if (array_view(args[6], &out, 1, 1, "out") < 0)
        goto done;
    have_out = 1;
    const int64_t *L2 = v[0].buf, *L1 = v[1].buf, *W = v[2].buf, *R1 = v[3].buf, *R2 = v[4].buf, *S = v[5].buf;
    double *o = out.buf;
    Py_ssize_t windows = v[0].len / 8, rows = v[2].len / 8, total_rows = 0;
    if (v[1].len / 8 != windows || v[3].len / 8 != windows || v[4].len / 8 != windows ||
        v[5].len / 8 != windows || out.len / 8 != rows) {
        PyErr_SetString(PyExc_ValueError, "readings: array lengths do not match");
        goto done;
    }
    /* Every argument is checked before anything is computed: sizes, then ids. */
    for (Py_ssize_t k = 0; k < windows; k++) {
        if (S[k] < 0) {
            PyErr_SetString(PyExc_ValueError, "readings: negative size");
            goto done;
        }
        total_rows += S[k];
        if (check_id(self, L2[k]) < 0 || check_id(self, L1[k]) < 0 || check_id(self, R1[k]) < 0 ||
            check_id(self, R2[k]) < 0)
            goto done;
    }
    if (total_rows != rows) {
        PyErr_SetString(PyExc_ValueError, "readings: sizes do not add up to the readings");
        goto done;
    }
    for (Py_ssize_t j = 0; j < rows; j++)
        if (check_id(self, W[j]) < 0)
            goto done;
    /* As TrigramBatch._numpy_reading_log_prob: the context bigrams once per window, then per reading
     * the inner bigrams, the trigrams whose two bigrams exist, and the three Katz terms. */
    note_windows(self, windows);
    Py_ssize_t j = 0;
    for (Py_ssize_t k = 0; k < windows; k++) {
        Window x;
        window_init(self, &x, L2[k], L1[k], R1[k], R2[k]);
        for (Py_ssize_t end = j + S[k]; j < end; j++)
            o[j] = window_total(self, &x, W[j]);
    }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (have_out)
        PyBuffer_Release(&out);
    for (int i = 0; i < got; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* Whether the window (l2, l1, w, r1, r2) names words the model has and w has its place in the readings
 * table (offsets off, words of them, rows readings ids); else -1 with the error, naming the call. */
static int
check_window(const Core *self, int64_t l2, int64_t l1, int64_t w, int64_t r1, int64_t r2, const int64_t *off,
             const int64_t *ids, Py_ssize_t words, Py_ssize_t rows, const char *call)
{
    if (check_id(self, l2) < 0 || check_id(self, l1) < 0 || check_id(self, r1) < 0 || check_id(self, r2) < 0 ||
        check_id(self, w) < 0)
        return -1;
    if (w < 0 || w >= words || off[w] < 0 || off[w] > off[w + 1] || off[w + 1] > rows) {
        PyErr_Format(PyExc_ValueError, "%s: a word without its place in the readings table", call);
        return -1;
    }
    for (int64_t j = off[w]; j < off[w + 1]; j++)
        if (check_id(self, ids[j]) < 0)
            return -1;
    return 0;
}

/* Readings best_in_window looks up at a time (a word of the shipped readings table has at most 30). */
#define READINGS_AT_ONCE 32

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* Asks for the home slots in the hashed index of the inner bigrams of the n readings ids[0:n] in window
 * x (the first read of each lookup), all before the first of them is read. */
static inline void
prefetch_home_slots(const Core *self, const Window *x, const int64_t *ids, int64_t n)
{
    if (self->bi_slots == NULL)
        return;
    for (int64_t j = 0; j < n; j++) {
        uint64_t w = (uint64_t)ids[j];
        if (x->k0)
            PREFETCH(&self->bi_slots[hash_of(((uint64_t)x->cl1 << WORD_SHIFT) | w) >> self->bi_shift]);
        if (x->k2)
            PREFETCH(&self->bi_slots[hash_of((w << WORD_SHIFT) | (uint64_t)x->cr1) >> self->bi_shift]);
    }
}

/* The first best reading of w in its window (w itself when it has none) and its gain over w's own score
 * (-inf when it has none), each reading's score less its cost (check_window first).
 *
 * The readings are looked up stage by stage (the home slots of every reading's bigrams asked for, then
 * every reading's bigrams, then every reading's trigrams, then the sums) rather than one reading to its
 * end after another. Each lookup is a read far apart in some 80 MB (the keys and the hashed index),
 * mostly a cache miss (160 ns on the benchmark machine, where ~18 independent reads overlap), and the
 * readings' lookups do not depend on each other: short loops of independent steps let the processor
 * wait for many at once, where one reading's long chain of dependent reads and branches had it wait
 * for each in turn. On the document score's reading of clean news a window took about 4.1 us instead of
 * 4.2-4.7 (processes alternating with the old code; 3.4 us at a quiet hour, not alternated).
 * The numbers are window_total's, term for term. */
static void
best_in_window(Core *self, int64_t l2, int64_t l1, int64_t w, int64_t r1, int64_t r2, const int64_t *off,
               const int64_t *ids, const double *cost, int64_t *reading, double *gain)
{
    Window x;
    window_init(self, &x, l2, l1, r1, r2);
    int64_t first = w;
    /* The word's own row less its cost of 0.0, then its readings: numpy's scores - cand_costs. */
    double own = window_total(self, &x, w) - 0.0, best = -Py_HUGE_VAL;
    Lookups found[READINGS_AT_ONCE];
    for (int64_t lo = off[w]; lo < off[w + 1]; lo += READINGS_AT_ONCE) {
        int64_t n = off[w + 1] - lo < READINGS_AT_ONCE ? off[w + 1] - lo : READINGS_AT_ONCE;
        prefetch_home_slots(self, &x, &ids[lo], n);
        for (int64_t j = 0; j < n; j++)
            window_bigrams(self, &x, ids[lo + j], &found[j]);
        for (int64_t j = 0; j < n; j++)
            window_trigrams(self, &x, ids[lo + j], &found[j]);
        for (int64_t j = 0; j < n; j++) {
            double score = window_sum(self, &x, ids[lo + j], &found[j]) - cost[lo + j];
            if (score > best) {  /* the first of equal bests, as np.argmax takes it */
                best = score;
                first = ids[lo + j];
            }
        }
    }
    *reading = first;
    *gain = best - own;
}

PyDoc_STRVAR(best_doc,
"best(l2, l1, own, r1, r2, offsets, ids, costs, reading, gain)\n\n"
"For each window k, word own[k] and its readings ids[offsets[own[k]]:offsets[own[k] + 1]] (the\n"
"readings table) read in the window as readings() reads them, each reading's score less its cost:\n"
"the first best reading into reading[k] (int64; own[k] when it has none) and its gain over the word's\n"
"own score into gain[k] (float64; -inf when it has none). SpinDetector._evaluate's answer without\n"
"the concatenated rows.");

static PyObject *
Core_best(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 10, "best(l2, l1, own, r1, r2, offsets, ids, costs, reading, gain)"))
        return NULL;
    static const char *names[7] = {"l2", "l1", "own", "r1", "r2", "offsets", "ids"};
    Py_buffer v[7], costs, reading, gain;
    int got = 0, have = 0;  /* have: how many of costs, reading, gain are held */
    PyObject *result = NULL;
    for (; got < 7; got++)
        if (array_view(args[got], &v[got], 0, 0, names[got]) < 0)
            goto done;
    if (array_view(args[7], &costs, 1, 0, "costs") < 0)
        goto done;
    have = 1;
    if (array_view(args[8], &reading, 0, 1, "reading") < 0)
        goto done;
    have = 2;
    if (array_view(args[9], &gain, 1, 1, "gain") < 0)
        goto done;
    have = 3;
    const int64_t *L2 = v[0].buf, *L1 = v[1].buf, *OWN = v[2].buf, *R1 = v[3].buf, *R2 = v[4].buf;
    const int64_t *OFF = v[5].buf, *IDS = v[6].buf;
    const double *COST = costs.buf;
    int64_t *best_out = reading.buf;
    double *gain_out = gain.buf;
    Py_ssize_t windows = v[0].len / 8, words = v[5].len / 8 - 1, rows = v[6].len / 8;
    if (v[1].len / 8 != windows || v[2].len / 8 != windows || v[3].len / 8 != windows ||
        v[4].len / 8 != windows || reading.len / 8 != windows || gain.len / 8 != windows ||
        costs.len / 8 != rows || words < 0) {
        PyErr_SetString(PyExc_ValueError, "best: array lengths do not match");
        goto done;
    }
    /* Every argument is checked before anything is computed. */
    for (Py_ssize_t k = 0; k < windows; k++)
        if (check_window(self, L2[k], L1[k], OWN[k], R1[k], R2[k], OFF, IDS, words, rows, "best") < 0)
            goto done;
    note_windows(self, windows);
    for (Py_ssize_t k = 0; k < windows; k++)
        best_in_window(self, L2[k], L1[k], OWN[k], R1[k], R2[k], OFF, IDS, COST, &best_out[k], &gain_out[k]);
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (have >= 3)
        PyBuffer_Release(&gain);
    if (have >= 2)
        PyBuffer_Release(&reading);
    if (have >= 1)
        PyBuffer_Release(&costs);
    for (int i = 0; i < got; i++)
        PyBuffer_Release(&v[i]);
    return result;
}

/* The int at list[i] as a long long; -1 with the error set when it is none. */
static inline int
list_id(PyObject *list, Py_ssize_t i, long long *out)
{
    *out = PyLong_AsLongLong(PyList_GET_ITEM(list, i));
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

PyDoc_STRVAR(contexts_doc,
"contexts(ids, positions) -> [(l2, l1, own, r1, r2), ...]\n\n"
"For each position p of a token list's context ids (ids: -2 a clause break, -1 an unknown word), the\n"
"ids of the two words before and after it that its context reads and its own: the nearer one -1 past\n"
"the list's ends or where ids holds a negative value, the farther one -1 also when the nearer one is.\n"
"What evidence._context gives for p, as the key SpinDetector._evaluate keeps a word's result by.");

static PyObject *
Core_contexts(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "contexts(ids, positions)"))
        return NULL;
    PyObject *ids = args[0], *positions = args[1];
    if (!PyList_Check(ids) || !PyList_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "contexts: ids and positions must be lists of int");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(ids), count = PyList_GET_SIZE(positions);
    PyObject *out = PyList_New(count);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t p = PyLong_AsSsize_t(PyList_GET_ITEM(positions, k));
        if (p == -1 && PyErr_Occurred())
            goto fail;
        if (p < 0 || p >= n) {
            PyErr_SetString(PyExc_IndexError, "contexts: a position outside the ids");
            goto fail;
        }
        long long own, l1 = -1, l2 = -1, r1 = -1, r2 = -1;
        if (list_id(ids, p, &own) < 0 || (p >= 1 && list_id(ids, p - 1, &l1) < 0) ||
            (p + 1 < n && list_id(ids, p + 1, &r1) < 0))
            goto fail;
        l1 = l1 < 0 ? -1 : l1;
        r1 = r1 < 0 ? -1 : r1;
        if ((p >= 2 && l1 >= 0 && list_id(ids, p - 2, &l2) < 0) || (p + 2 < n && r1 >= 0 && list_id(ids, p + 2, &r2) < 0))
            goto fail;
        PyObject *key = int_tuple(5, (long long[]){l2 < 0 ? -1 : l2, l1, own, r1, r2 < 0 ? -1 : r2}, NULL);
        if (key == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, key);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(best_of_doc,
"best_of(keys, offsets, ids, costs) -> [(reading, gain), ...]\n\n"
"best() for windows given as (l2, l1, own, r1, r2) tuples (what contexts() gives), the answers as a\n"
"list: no array is built for the few words a reading asks about at a time.");

static PyObject *
Core_best_of(Core *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 4, "best_of(keys, offsets, ids, costs)"))
        return NULL;
    PyObject *keys = args[0], *result = NULL;
    if (!PyList_Check(keys)) {
        PyErr_SetString(PyExc_TypeError, "best_of: keys must be a list of 5-tuples of int");
        return NULL;
    }
    Py_buffer off, ids, costs;
    int have = 0;
    if (array_view(args[1], &off, 0, 0, "offsets") < 0)
        return NULL;
    have = 1;
    if (array_view(args[2], &ids, 0, 0, "ids") < 0)
        goto done;
    have = 2;
    if (array_view(args[3], &costs, 1, 0, "costs") < 0)
        goto done;
    have = 3;
    const int64_t *OFF = off.buf, *IDS = ids.buf;
    const double *COST = costs.buf;
    Py_ssize_t words = off.len / 8 - 1, rows = ids.len / 8, count = PyList_GET_SIZE(keys);
    if (costs.len / 8 != rows || words < 0) {
        PyErr_SetString(PyExc_ValueError, "best_of: array lengths do not match");
        goto done;
    }
    long long (*window)[5] = PyMem_Malloc((size_t)(count ? count : 1) * sizeof(*window));
    if (window == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* Every argument is checked before anything is computed, as best() checks its arrays. */
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 5) {
            PyErr_SetString(PyExc_TypeError, "best_of: keys must be a list of 5-tuples of int");
            goto free;
        }
        for (int i = 0; i < 5; i++) {
            window[k][i] = PyLong_AsLongLong(PyTuple_GET_ITEM(key, i));
            if (window[k][i] == -1 && PyErr_Occurred())
                goto free;
        }
        if (check_window(self, window[k][0], window[k][1], window[k][2], window[k][3], window[k][4], OFF, IDS,
                         words, rows, "best_of") < 0)
            goto free;
    }
    note_windows(self, count);
    PyObject *out = PyList_New(count);
    if (out == NULL)
        goto free;
    for (Py_ssize_t k = 0; k < count; k++) {
        int64_t reading;
        double gain;
        best_in_window(self, window[k][0], window[k][1], window[k][2], window[k][3], window[k][4], OFF, IDS, COST,
                       &reading, &gain);
        PyObject *gain_value = PyFloat_FromDouble(gain);
        PyObject *pair = gain_value == NULL ? NULL : int_tuple(1, (long long[]){(long long)reading}, gain_value);
        if (pair == NULL) {
            Py_DECREF(out);
            goto free;
        }
        PyList_SET_ITEM(out, k, pair);
    }
    result = out;
free:
    PyMem_Free(window);
done:
    if (have >= 3)
        PyBuffer_Release(&costs);
    if (have >= 2)
        PyBuffer_Release(&ids);
    PyBuffer_Release(&off);
    return result;
}

PyDoc_STRVAR(index_doc,
"index() -> bool\n\n"
"Build the hashed n-gram index now (the batched readings build it once they have weighed enough\n"
"windows); whether it is there.\n"
"Every answer is the same with it or without it: it only finds the same n-grams faster.");

static PyObject *
Core_index(Core *self, PyObject *Py_UNUSED(ignored))
{
    return PyBool_FromLong(build_index(self));
}

static PyMethodDef Core_methods[] = {
    {"log_prob", (PyCFunction)(void (*)(void))Core_log_prob, METH_FASTCALL, log_prob_doc},
    {"bigram", (PyCFunction)(void (*)(void))Core_bigram, METH_FASTCALL, bigram_doc},
    {"readings", (PyCFunction)(void (*)(void))Core_readings, METH_FASTCALL, readings_doc},
    {"best", (PyCFunction)(void (*)(void))Core_best, METH_FASTCALL, best_doc},
    {"contexts", (PyCFunction)(void (*)(void))Core_contexts, METH_FASTCALL, contexts_doc},
    {"best_of", (PyCFunction)(void (*)(void))Core_best_of, METH_FASTCALL, best_of_doc},
    {"index", (PyCFunction)Core_index, METH_NOARGS, index_doc},
    {NULL, NULL, 0, NULL},
};

static PyObject *
Core_get_indexed(Core *self, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(self->index_state == 1);
}

static PyGetSetDef Core_getset[] = {
    {"indexed", (getter)Core_get_indexed, NULL, PyDoc_STR("Whether the hashed n-gram index is built."), NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject CoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spinfix._ngramcore.Core",
    .tp_doc = PyDoc_STR("The trigram model's arrays, asked in C (see the module doc)."),
    .tp_basicsize = sizeof(Core),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Core_init,
    .tp_dealloc = (destructor)Core_dealloc,
    .tp_methods = Core_methods,
    .tp_getset = Core_getset,
};

PyDoc_STRVAR(select_words_doc,
"select_words(toks, ids, lo, hi, vocab, breaks, has_readings, text, name_like) -> [position, ...]\n\n"
"SpinDetector's token loop in one call: set the context ids of the tokens lo..hi and of the two on each\n"
"side in the list ids (-2 for a token in breaks, its id in vocab, else -1; toks holds (start, end,\n"
"word) tuples), then give the positions lo..hi (in order) of the words to read: an id >= 0 whose\n"
"has_readings entry is True, and no name (name_like(text, start), asked only where the token starts\n"
"with an upper-case letter, which str.isupper says of it).");

/* The id vocab gives word (a new reference), -2 for a clause break, -1 for a word vocab does not have;
 * NULL with the error set. */
static PyObject *
context_id(PyObject *word, PyObject *vocab, PyObject *breaks, PyObject *minus_one, PyObject *minus_two)
{
    int is_break = PySet_Contains(breaks, word);
    if (is_break < 0)
        return NULL;
    if (is_break) {
        Py_INCREF(minus_two);
        return minus_two;
    }
    PyObject *id = PyDict_GetItemWithError(vocab, word);
    if (id == NULL) {
        if (PyErr_Occurred())
            return NULL;
        id = minus_one;
    }
    Py_INCREF(id);
    return id;
}

static PyObject *
select_words(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 9, "select_words(toks, ids, lo, hi, vocab, breaks, has_readings, text, name_like)"))
        return NULL;
    PyObject *toks = args[0], *ids = args[1], *vocab = args[4], *breaks = args[5], *has = args[6];
    PyObject *text = args[7], *name_like = args[8];
    if (!PyList_Check(toks) || !PyList_Check(ids) || !PyDict_Check(vocab) || !PyAnySet_Check(breaks) ||
        !PyList_Check(has) || !PyUnicode_Check(text) || !PyCallable_Check(name_like)) {
        PyErr_SetString(PyExc_TypeError, "select_words: toks, ids and has_readings must be lists, vocab a dict, "
                        "breaks a set, text a str and name_like callable");
        return NULL;
    }
    Py_ssize_t lo = PyLong_AsSsize_t(args[2]), hi = PyLong_AsSsize_t(args[3]);
    if ((lo == -1 || hi == -1) && PyErr_Occurred())
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(toks), words = PyList_GET_SIZE(has), length = PyUnicode_GET_LENGTH(text);
    if (PyList_GET_SIZE(ids) != n || lo < 0 || hi > n || lo > hi) {
        PyErr_SetString(PyExc_ValueError, "select_words: ids must be as long as toks, and 0 <= lo <= hi <= len(toks)");
        return NULL;
    }
    PyObject *minus_one = PyLong_FromLong(-1), *minus_two = PyLong_FromLong(-2), *out = PyList_New(0);
    if (minus_one == NULL || minus_two == NULL || out == NULL)
        goto fail;
    Py_ssize_t first = lo >= 2 ? lo - 2 : 0, last = hi + 2 <= n ? hi + 2 : n;
    for (Py_ssize_t i = first; i < last; i++) {
        PyObject *tok = PyList_GET_ITEM(toks, i);
        if (!PyTuple_Check(tok) || PyTuple_GET_SIZE(tok) != 3) {
            PyErr_SetString(PyExc_TypeError, "select_words: toks must hold (start, end, word) tuples");
            goto fail;
        }
        PyObject *id = context_id(PyTuple_GET_ITEM(tok, 2), vocab, breaks, minus_one, minus_two);
        if (id == NULL)
            goto fail;
        PyObject *old = PyList_GET_ITEM(ids, i);
        PyList_SET_ITEM(ids, i, id);
        Py_DECREF(old);
    }
    void *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    for (Py_ssize_t i = lo; i < hi; i++) {
        long long k = PyLong_AsLongLong(PyList_GET_ITEM(ids, i));
        if (k == -1 && PyErr_Occurred())
            goto fail;
        if (k < 0)
            continue;
        if (k >= words) {
            PyErr_SetString(PyExc_IndexError, "select_words: an id beyond has_readings");
            goto fail;
        }
        int readings = PyObject_IsTrue(PyList_GET_ITEM(has, k));
        if (readings < 0)
            goto fail;
        if (!readings)
            continue;
        PyObject *tok = PyList_GET_ITEM(toks, i);
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(tok, 0));
        if (start == -1 && PyErr_Occurred())
            goto fail;
        if (start < 0 || start >= length) {
            PyErr_SetString(PyExc_IndexError, "select_words: a token starts outside the text");
            goto fail;
        }
        if (Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, start))) {
            PyObject *named = PyObject_CallFunction(name_like, "On", text, start);
            if (named == NULL)
                goto fail;
            int is_name = PyObject_IsTrue(named);
            Py_DECREF(named);
            if (is_name < 0)
                goto fail;
            if (is_name)
                continue;
        }
        PyObject *position = PyLong_FromSsize_t(i);
        if (position == NULL || PyList_Append(out, position) < 0) {
            Py_XDECREF(position);
            goto fail;
        }
        Py_DECREF(position);
    }
    Py_DECREF(minus_one);
    Py_DECREF(minus_two);
    return out;
fail:
    Py_XDECREF(minus_one);
    Py_XDECREF(minus_two);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef module_functions[] = {
    {"select_words", (PyCFunction)(void (*)(void))select_words, METH_FASTCALL, select_words_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ngramcore",
    "The trigram model's lookups in C (optional; spinfix.ngram falls back to Python).", -1, module_functions, NULL,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__ngramcore(void)
{
    if (PyType_Ready(&CoreType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "MAX_WORDS", MAX_WORDS) < 0 ||
        PyModule_AddIntConstant(m, "INDEX_AFTER", INDEX_AFTER) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&CoreType);
    if (PyModule_AddObject(m, "Core", (PyObject *)&CoreType) < 0) {
        Py_DECREF(&CoreType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
