/* The register count and single-word finding in C: spinfix's second optional compiled module (issue 14).
 *
 * Why: spinfix.text.Register counts, paragraph by paragraph, the words of a document and how many of them
 * are academic-register markers (text.SCIENCE_CUES): the table's news rows and the generaliser ask for it
 * on every document. In Python that is ASCII_WORD.findall over the paragraph's ASCII twin, a membership
 * test per word and a sum of lengths: a list of every word of the text, built to be counted. It was 19 %
 * of the time of clean news and 29 % of a table-only run. Cues.count walks the same characters once and
 * builds nothing.
 *
 * Same answers: a word is what ASCII_WORD = [A-Za-z0-9]+(?:['\-.][A-Za-z0-9]+)* finds, left to right
 * without overlap, in text[start:end] (the ASCII twin, so every character is one byte), and a cue is a
 * word equal to one of the strings the Cues object was made from (tests/test_textcore.py compares both
 * ways on random and real text). spinfix.text falls back to the Python code when the import fails.
 *
 * Cues.find answers the generaliser's other per-document question, where its trigger words stand: the
 * matches of a PhraseMatcher of single words, which must start where a word starts and end where it ends
 * or before a possessive 's. A word of the ASCII twin is such a stretch, so the finder looks each word
 * up whole, then its parts before a possessive 's, longest first (the matcher's leftmost-longest rule).
 * Against the automaton and the Python boundary checks it costs 6 instead of 17 ms per MB of clean news.
 * Both look words up after a two-read filter on the word's first byte and length, which rules out most
 * words of a text before they are hashed (the register count 4.2 -> 3.1 ms per MB of clean news).
 * Cues.count_each counts every paragraph of a document in one call, into four lists: a call and a tuple
 * per paragraph (clean news has some 4,600 per MB) had cost about half as much again as the walk.
 *
 * paragraph_starts, quote_spans and inner_runs answer the layout questions every document asks before
 * any phrase is looked at: where its paragraphs start (a match object each), how its quotation marks
 * pair (a bisection each), and whether a run of whitespace stands inside a paragraph (three counting
 * passes). Together about 3 ms per MB of clean news, a twentieth of a table-only run.
 *
 * spans and rare_count serve the spin evidence (spinfix.evidence), which lists the tokens of the sentences
 * it reads and counts the rare words of the whole text (its rates allow for them) on every reading: on
 * spun news, where every pass of every document is read, that was a tenth of the time in Python (a match
 * object and a tuple per token, a generator over the text). Both walk the ASCII twin with next_word, as
 * ASCII_TOKEN and ASCII_WORD do, and take the words' characters from the text itself.
 *
 * prev_word_span and next_word_span find the word beside a position (see their comment below).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_tuples.h"

typedef struct {
    const char *text;
    Py_ssize_t len;
    Py_ssize_t index;  /* the word's place in the sequence the object was made from (the last, if twice) */
} Entry;

typedef struct {
    PyObject_HEAD
    Entry *table;      /* open addressing, size a power of two, empty slots have text == NULL */
    size_t mask;
    char *store;       /* the cue strings, one after another */
    Py_ssize_t longest;
    /* Bit min(n, 63) of shapes[b] is set when some entry of n characters starts with byte b: most words
     * of a text are ruled out by these two reads, before any hashing (an empty entry is looked up in the
     * table alone). */
    uint64_t shapes[256];
} Cues;

static uint64_t
fnv1a(const char *s, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static Entry *
lookup(const Cues *c, const char *s, Py_ssize_t n)
{
    /* The entry for the n characters at s, or NULL. */
    if (n > c->longest || c->table == NULL)
        return NULL;
    if (n > 0 && !((c->shapes[(unsigned char)s[0]] >> (n < 63 ? n : 63)) & 1))
        return NULL;
    for (size_t i = (size_t)fnv1a(s, n) & c->mask;; i = (i + 1) & c->mask) {
        Entry *e = &c->table[i];
        if (e->text == NULL)
            return NULL;
        if (e->len == n && memcmp(e->text, s, (size_t)n) == 0)
            return e;
    }
}

static inline int
holds(const Cues *c, const char *s, Py_ssize_t n)
{
    return lookup(c, s, n) != NULL;
}

static void
Cues_clear(Cues *self)
{
    PyMem_Free(self->table);
    PyMem_Free(self->store);
    self->table = NULL;
    self->store = NULL;
    self->mask = 0;
    self->longest = 0;
    memset(self->shapes, 0, sizeof(self->shapes));
}

static int
Cues_init(Cues *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"words", NULL};
    PyObject *words;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Cues", kwlist, &words))
        return -1;
    Cues_clear(self);
    PyObject *fast = PySequence_Fast(words, "Cues(words): words must be iterable");
    if (fast == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast), total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "Cues(words): every word must be a str");
            Py_DECREF(fast);
            return -1;
        }
        if (PyUnicode_IS_ASCII(w))  /* an ASCII twin's word is ASCII: another string can never match */
            total += PyUnicode_GET_LENGTH(w);
    }
    size_t size = 16;
    while (size < (size_t)n * 2 + 1)
        size <<= 1;
    self->table = PyMem_Calloc(size, sizeof(Entry));
    self->store = PyMem_Malloc((size_t)total + 1);
    if (self->table == NULL || self->store == NULL) {
        Py_DECREF(fast);
        Cues_clear(self);
        PyErr_NoMemory();
        return -1;
    }
    self->mask = size - 1;
    char *at = self->store;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyUnicode_IS_ASCII(w))
            continue;
        Py_ssize_t len = PyUnicode_GET_LENGTH(w);
        const char *s = (const char *)PyUnicode_1BYTE_DATA(w);
        Entry *seen = lookup(self, s, len);
        if (seen != NULL) {  /* given twice: the later place counts */
            seen->index = i;
            continue;
        }
        memcpy(at, s, (size_t)len);
        size_t j = (size_t)fnv1a(s, len) & self->mask;
        while (self->table[j].text != NULL)
            j = (j + 1) & self->mask;
        self->table[j].text = at;
        self->table[j].len = len;
        self->table[j].index = i;
        if (len > 0)
            self->shapes[(unsigned char)s[0]] |= (uint64_t)1 << (len < 63 ? len : 63);
        if (len > self->longest)
            self->longest = len;
        at += len;
    }
    Py_DECREF(fast);
    return 0;
}

static void
Cues_dealloc(Cues *self)
{
    Cues_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* 1 for the bytes [A-Za-z0-9], else 0: one load per character of the word walks instead of three range
 * tests. */
static const unsigned char ALNUM[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static inline int
alnum(unsigned char ch)
{
    return ALNUM[ch];
}

/* The next word ASCII_WORD = [A-Za-z0-9]+(?:['\-.][A-Za-z0-9]+)* finds in s[*at:end]: its start goes to
 * *first, its end is returned, and *at moves past it; -1 when there is none. A joiner counts only when a
 * letter or digit follows it, as the pattern's group asks. */
static inline Py_ssize_t
next_word(const unsigned char *s, Py_ssize_t *at, Py_ssize_t end, Py_ssize_t *first)
{
    Py_ssize_t i = *at;
    while (i < end && !alnum(s[i]))
        i++;
    if (i >= end) {
        *at = i;
        return -1;
    }
    *first = i;
    while (i < end && alnum(s[i]))
        i++;
    while (i + 1 < end && (s[i] == '\'' || s[i] == '-' || s[i] == '.') && alnum(s[i + 1])) {
        i++;
        while (i < end && alnum(s[i]))
            i++;
    }
    *at = i;
    return i;
}

/* Whether text is an ASCII str; else a TypeError naming the call ("count: text must be ..."), and 0. */
static int
ascii_text(PyObject *text, const char *call)
{
    if (PyUnicode_Check(text) && PyUnicode_IS_ASCII(text))
        return 1;
    PyErr_Format(PyExc_TypeError, "%s: text must be an ASCII str (an ASCII twin)", call);
    return 0;
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

/* start and end as re's pos and endpos take them: integers, clipped to a string of n characters; 0 with
 * the conversion's error otherwise. */
static int
clipped_bounds(PyObject *a, PyObject *b, Py_ssize_t n, Py_ssize_t *start, Py_ssize_t *end)
{
    *start = PyLong_AsSsize_t(a);
    *end = PyLong_AsSsize_t(b);
    if ((*start == -1 || *end == -1) && PyErr_Occurred())
        return 0;
    if (*start < 0)
        *start = 0;
    if (*end > n)
        *end = n;
    return 1;
}

PyDoc_STRVAR(count_doc,
"count(text, start, end) -> (cues, words, characters)\n\n"
"The words ASCII_WORD finds in text[start:end] (an ASCII string), how many of them are among the\n"
"Cues' words, and their total length.");

/* What one walk over a stretch of an ASCII twin counts (see count and count_each). */
typedef struct {
    Py_ssize_t cues, words, chars, found;
} Tally;

static Entry *find_in_word(const Cues *self, const unsigned char *s, Py_ssize_t first, Py_ssize_t i,
                           Py_ssize_t *stop);

/* The words of s[start:end], the cues among them and their characters, and, with other, how many of
 * them other.find would report (found stays 0 without it). */
static Tally
count_stretch(const Cues *self, const Cues *other, const unsigned char *s, Py_ssize_t start, Py_ssize_t end)
{
    Tally t = {0, 0, 0, 0};
    Py_ssize_t at = start, first = 0, i, stop;
    while ((i = next_word(s, &at, end, &first)) >= 0) {
        t.words++;
        t.chars += i - first;
        t.cues += holds(self, (const char *)s + first, i - first);
        if (other != NULL)
            t.found += find_in_word(other, s, first, i, &stop) != NULL;
    }
    return t;
}

static PyObject *
Cues_count(Cues *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 3, "count(text, start, end)"))
        return NULL;
    PyObject *text = args[0];
    Py_ssize_t start, end;
    if (!ascii_text(text, "count") || !clipped_bounds(args[1], args[2], PyUnicode_GET_LENGTH(text), &start, &end))
        return NULL;
    Tally t = count_stretch(self, NULL, PyUnicode_1BYTE_DATA(text), start, end);
    return Py_BuildValue("(nnn)", t.cues, t.words, t.chars);
}

/* The entry a PhraseMatcher of the Cues' words finds in the word s[first:i] of an ASCII twin: the word
 * whole, else its longest part before a possessive 's (followed by the word's end or a joiner, as
 * normalize.is_word_end has it), right to left; its end goes to *stop. NULL when there is none. */
static Entry *
find_in_word(const Cues *self, const unsigned char *s, Py_ssize_t first, Py_ssize_t i, Py_ssize_t *stop)
{
    Entry *e = lookup(self, (const char *)s + first, i - first);
    *stop = i;
    for (Py_ssize_t p = i - 2; e == NULL && p > first; p--) {
        if (s[p] == '\'' && s[p + 1] == 's' && (p + 2 == i || !alnum(s[p + 2]))) {
            e = lookup(self, (const char *)s + first, p - first);
            *stop = p;
        }
    }
    return e;
}

static PyTypeObject CuesType;

PyDoc_STRVAR(count_each_doc,
"count_each(text, starts, other) -> (cues, words, characters, found)\n\n"
"count(text, a, b) of every stretch text[a:b] that starts at one of starts (ascending offsets) and\n"
"ends where the next one starts or the text ends, as lists of as many numbers as starts, and in the\n"
"same walk how many of the words other.find would report stand in each stretch (other a Cues object:\n"
"an upper bound on the spinner vocabulary a text holds); found is None when other is None.");

/* Appends n to list; 0 with the error when that fails. */
static int
append_size(PyObject *list, Py_ssize_t n)
{
    PyObject *value = PyLong_FromSsize_t(n);
    if (value == NULL)
        return 0;
    int failed = PyList_Append(list, value);
    Py_DECREF(value);
    return failed == 0;
}

static PyObject *
Cues_count_each(Cues *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 3, "count_each(text, starts, other)"))
        return NULL;
    PyObject *text = args[0], *starts = args[1];
    if (!ascii_text(text, "count_each"))
        return NULL;
    if (!PyList_Check(starts)) {
        PyErr_SetString(PyExc_TypeError, "count_each: starts must be a list of int");
        return NULL;
    }
    const Cues *other = NULL;
    if (args[2] != Py_None) {
        if (!PyObject_TypeCheck(args[2], &CuesType)) {
            PyErr_SetString(PyExc_TypeError, "count_each: other must be a Cues object or None");
            return NULL;
        }
        other = (const Cues *)args[2];
    }
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), parts = PyList_GET_SIZE(starts), previous = 0;
    PyObject *lists[4] = {PyList_New(0), PyList_New(0), PyList_New(0), other != NULL ? PyList_New(0) : Py_None};
    if (other == NULL)
        Py_INCREF(Py_None);
    for (int j = 0; j < 4; j++)
        if (lists[j] == NULL)
            goto fail;
    for (Py_ssize_t k = 0; k < parts; k++) {
        Py_ssize_t start = PyLong_AsSsize_t(PyList_GET_ITEM(starts, k)), end = n;
        if (start == -1 && PyErr_Occurred())
            goto fail;
        if (k + 1 < parts && (end = PyLong_AsSsize_t(PyList_GET_ITEM(starts, k + 1))) == -1 && PyErr_Occurred())
            goto fail;
        if (start < previous || end < start || end > n) {
            PyErr_SetString(PyExc_ValueError, "count_each: starts must ascend within the text");
            goto fail;
        }
        previous = start;
        Tally t = count_stretch(self, other, s, start, end);
        if (!append_size(lists[0], t.cues) || !append_size(lists[1], t.words) || !append_size(lists[2], t.chars)
            || (other != NULL && !append_size(lists[3], t.found)))
            goto fail;
    }
    return Py_BuildValue("(NNNN)", lists[0], lists[1], lists[2], lists[3]);
fail:
    for (int j = 0; j < 4; j++)
        Py_XDECREF(lists[j]);
    return NULL;
}

PyDoc_STRVAR(find_doc,
"find(text) -> [(start, end, index), ...]\n\n"
"The words of an ASCII string that are among the object's words, as a PhraseMatcher of single words\n"
"finds them in the text the string is the ASCII twin of: each word of ASCII_WORD whole, or, when it\n"
"is not one of them, the longest part of it that ends before a possessive 's (\"company's\" is\n"
"\"company\"); index is the word's place in the sequence the object was made from.");

static PyObject *
Cues_find(Cues *self, PyObject *text)
{
    if (!ascii_text(text, "find"))
        return NULL;
    Py_ssize_t end = PyUnicode_GET_LENGTH(text), at = 0, first = 0, i;
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    while ((i = next_word(s, &at, end, &first)) >= 0) {
        Py_ssize_t stop = i;
        Entry *e = find_in_word(self, s, first, i, &stop);
        if (e == NULL)
            continue;
        PyObject *hit = int_tuple(3, (long long[]){first, stop, e->index}, NULL);
        if (hit == NULL || PyList_Append(out, hit) < 0) {
            Py_XDECREF(hit);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(hit);
    }
    return out;
}

/* Whether norm and twin are a text and its ASCII twin (spinfix.text.ascii_twin): twin an ASCII str of
 * norm's length; else a TypeError or ValueError naming the call, and 0. */
static int
twin_pair(PyObject *norm, PyObject *twin, const char *call)
{
    if (!PyUnicode_Check(norm)) {
        PyErr_Format(PyExc_TypeError, "%s: norm must be a str", call);
        return 0;
    }
    if (!ascii_text(twin, call))
        return 0;
    if (PyUnicode_GET_LENGTH(norm) != PyUnicode_GET_LENGTH(twin)) {
        PyErr_Format(PyExc_ValueError, "%s: twin must be as long as norm (its ASCII twin)", call);
        return 0;
    }
    return 1;
}

/* A space of TOKEN's ASCII twin pattern: the characters [^\t\n\x0b\x0c\r A-Za-z0-9] leaves out. */
static inline int
twin_space(unsigned char ch)
{
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

PyDoc_STRVAR(spans_doc,
"spans(norm, twin, start, end, tokens) -> [(start, end, word), ...]\n\n"
"What ASCII_TOKEN (tokens true) or ASCII_WORD (tokens false) finds in twin[start:end], as\n"
"pattern.finditer(twin, start, end) finds it, each with norm's own characters: twin is the ASCII twin\n"
"of norm (spinfix.text.ascii_twin), so the spans are the same in both.");

static PyObject *
spans(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 5, "spans(norm, twin, start, end, tokens)"))
        return NULL;
    PyObject *norm = args[0], *twin = args[1];
    Py_ssize_t start, end;
    if (!twin_pair(norm, twin, "spans") ||
        !clipped_bounds(args[2], args[3], PyUnicode_GET_LENGTH(twin), &start, &end))
        return NULL;
    int tokens = PyObject_IsTrue(args[4]);
    if (tokens < 0)
        return NULL;
    const unsigned char *s = PyUnicode_1BYTE_DATA(twin);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t at = start;
    while (at < end) {
        Py_ssize_t first = at, stop;
        if (alnum(s[at])) {
            stop = next_word(s, &at, end, &first);
        } else if (tokens && !twin_space(s[at])) {
            stop = ++at;
        } else {
            at++;
            continue;
        }
        PyObject *word = PyUnicode_Substring(norm, first, stop);
        PyObject *item = word == NULL ? NULL : int_tuple(2, (long long[]){first, stop}, word);
        if (item == NULL || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    return out;
}

PyDoc_STRVAR(rare_count_doc,
"rare_count(norm, twin, zipf, below[, common]) -> int\n\n"
"How many of the words ASCII_WORD finds in twin (the ASCII twin of norm) are, in norm's own\n"
"characters, letters only (str.isalpha) and rarer than below: zipf.get(word, 0.0) < below, zipf a\n"
"dict (not a subclass) of floats (spinfix.evidence.rare_count over those words). common, when given,\n"
"is a Cues object of the ASCII words of zipf that are not rarer than below: an ASCII word is then\n"
"looked up there instead (no string object and no dict probe per word), any other in zipf. It is\n"
"read only when below is positive (a word zipf lacks is rare only then).");

static PyObject *
rare_count(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 && nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "rare_count(norm, twin, zipf, below[, common])");
        return NULL;
    }
    PyObject *norm = args[0], *twin = args[1], *zipf = args[2];
    if (!twin_pair(norm, twin, "rare_count"))
        return NULL;
    if (!PyDict_CheckExact(zipf)) {  /* a subclass could answer lookups its own way */
        PyErr_SetString(PyExc_TypeError, "rare_count: zipf must be a dict");
        return NULL;
    }
    double below = PyFloat_AsDouble(args[3]);
    if (below == -1.0 && PyErr_Occurred())
        return NULL;
    const Cues *common = NULL;
    if (nargs == 5 && args[4] != Py_None) {
        if (!PyObject_TypeCheck(args[4], &CuesType)) {
            PyErr_SetString(PyExc_TypeError, "rare_count: common must be a Cues object or None");
            return NULL;
        }
        /* A word missing from zipf counts as Zipf 0, rare only below a positive bound: the set, which
         * calls every word it lacks rare, answers for those bounds alone. */
        if (below > 0.0)
            common = (const Cues *)args[4];
    }
    const unsigned char *s = PyUnicode_1BYTE_DATA(twin);
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    Py_ssize_t end = PyUnicode_GET_LENGTH(twin), at = 0, first = 0, i, rare = 0;
    while ((i = next_word(s, &at, end, &first)) >= 0) {
        int letters = 1, ascii = 1;
        for (Py_ssize_t k = first; k < i && letters; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            letters = Py_UNICODE_ISALPHA(ch);
            ascii &= ch < 128;
        }
        if (!letters)
            continue;
        if (common != NULL && ascii) {  /* the twin's characters are the word's own */
            rare += !holds(common, (const char *)s + first, i - first);
            continue;
        }
        PyObject *word = PyUnicode_Substring(norm, first, i);
        if (word == NULL)
            return NULL;
        PyObject *value = PyDict_GetItemWithError(zipf, word);  /* borrowed */
        Py_DECREF(word);
        double z = 0.0;
        if (value != NULL) {
            z = PyFloat_AsDouble(value);
            if (z == -1.0 && PyErr_Occurred())
                return NULL;
        } else if (PyErr_Occurred()) {
            return NULL;
        }
        rare += z < below;
    }
    return PyLong_FromSsize_t(rare);
}

PyDoc_STRVAR(split_count_doc,
"split_count(text) -> int\n\n"
"len(text.split()): how many runs of characters that are not whitespace (str.isspace) text holds,\n"
"without building the list.");

/* The runs of characters that are not whitespace (str.isspace) in text: how many, and where each starts
 * appended to starts when it is not NULL; -1 with an exception set on failure. split_count and
 * split_starts are this walk. */
static Py_ssize_t
split_runs(PyObject *text, const char *call, PyObject *starts)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s: text must be a str", call);
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = 0;
    int kind = PyUnicode_KIND(text), inside = 0;
    const void *data = PyUnicode_DATA(text);
    /* One loop per storage width, so that the read is not a switch per character. */
#define WALK_RUNS(TYPE)                                                       \
    for (Py_ssize_t i = 0; i < n; i++) {                                     \
        int space = Py_UNICODE_ISSPACE(((const TYPE *)data)[i]);             \
        if (!space && !inside) {                                             \
            count++;                                                         \
            if (starts != NULL) {                                            \
                PyObject *at = PyLong_FromSsize_t(i);                        \
                int failed = at == NULL || PyList_Append(starts, at) < 0;    \
                Py_XDECREF(at);                                              \
                if (failed)                                                  \
                    return -1;                                               \
            }                                                                \
        }                                                                    \
        inside = !space;                                                     \
    }
    if (kind == PyUnicode_1BYTE_KIND) {
        WALK_RUNS(Py_UCS1)
    } else if (kind == PyUnicode_2BYTE_KIND) {
        WALK_RUNS(Py_UCS2)
    } else {
        WALK_RUNS(Py_UCS4)
    }
#undef WALK_RUNS
    return count;
}

static PyObject *
split_count(PyObject *module, PyObject *text)
{
    (void)module;
    Py_ssize_t count = split_runs(text, "split_count", NULL);
    return count < 0 ? NULL : PyLong_FromSsize_t(count);
}

PyDoc_STRVAR(split_starts_doc,
"split_starts(text) -> [int, ...]\n\n"
"Where each of text.split()'s words starts: [m.start() for m in re.finditer(r'\\S+', text)] (re's \\s\n"
"is str.isspace), without a match object per word.");

static PyObject *
split_starts(PyObject *module, PyObject *text)
{
    (void)module;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    if (split_runs(text, "split_starts", out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

PyDoc_STRVAR(has_line_doc,
"has_line(text, line) -> bool\n\n"
"Whether line is one of the lines of text, an ASCII string of sorted lines each ending in a line break\n"
"(spinfix.lexicon.SortedLines): a binary search over the text itself, as lexicon._sorted_line makes it.");

static PyObject *
has_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "has_line(text, line)"))
        return NULL;
    PyObject *text = args[0], *line = args[1];
    if (!ascii_text(text, "has_line"))
        return NULL;
    if (!PyUnicode_Check(line)) {
        PyErr_SetString(PyExc_TypeError, "has_line: line must be a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(line))  /* no line of an ASCII text equals it */
        Py_RETURN_FALSE;
    const char *t = (const char *)PyUnicode_1BYTE_DATA(text);
    const char *key = (const char *)PyUnicode_1BYTE_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), k = PyUnicode_GET_LENGTH(line), lo = 0, hi = n;
    /* lo and hi are line starts; each step reads the line that holds the midpoint. */
    while (lo < hi) {
        Py_ssize_t mid = lo + ((hi - lo) >> 1), start = mid, end;
        while (start > lo && t[start - 1] != '\n')
            start--;
        const char *nl = memchr(t + start, '\n', (size_t)(n - start));
        end = nl == NULL ? n : nl - t;
        Py_ssize_t len = end - start;
        int c = memcmp(t + start, key, (size_t)(len < k ? len : k));
        if (c == 0 && len == k)
            Py_RETURN_TRUE;
        if (c < 0 || (c == 0 && len < k))
            lo = end + 1;
        else
            hi = start;
    }
    Py_RETURN_FALSE;
}

/* Appends (a, b) to list; 0 with the error when that fails. */
static int
append_pair(PyObject *list, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *pair = Py_BuildValue("(nn)", a, b);
    if (pair == NULL)
        return 0;
    int failed = PyList_Append(list, pair);
    Py_DECREF(pair);
    return failed == 0;
}

/* The layout walks below (paragraph starts, whitespace runs) read a str of any width. Each is written
 * once as a macro over the character type and expanded per width: a PyUnicode_READ per character
 * switches on the width every time, and a first version that did so over every character of a science
 * paper (most are not Latin-1) was slower than the str.find searches it replaced. */

/* A line break at s[i] (normalize.LINE_BREAKS: LF, CR, VT, FF, NEL, LINE SEPARATOR; CRLF is one): its
 * length, 0 when s[i] is none. */
static inline Py_ssize_t
line_break_at(Py_UCS4 c, Py_UCS4 next, Py_ssize_t left)
{
    if (c == '\r')
        return left > 1 && next == '\n' ? 2 : 1;
    return c == '\n' || c == 0x0b || c == 0x0c || c == 0x85 || c == 0x2028;
}

/* The Latin-1 characters that start a line break (LF, VT, FF, CR, NEL): the paragraph walk below reads
 * one table entry per character of a Latin-1 text. */
static const unsigned char BREAK_START[256] = {['\n'] = 1, [0x0b] = 1, [0x0c] = 1, ['\r'] = 1, [0x85] = 1};

/* Whitespace inside a line (normalize.SPACES without the line breaks). */
static inline int
inline_space(Py_UCS4 c)
{
    return c == ' ' || c == '\t' || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f
        || c == 0x205f || c == 0x3000;
}

/* Paragraph starts in s[0:n]: 0, then after each match of text.PARAGRAPH_BREAK (a line break, spaces
 * inside a line, a line break; or a PARAGRAPH SEPARATOR), searching on after each match. */
#define PARAGRAPH_STARTS(T)                                                                           \
    static int paragraph_starts_##T(const T *s, Py_ssize_t n, PyObject *out)                         \
    {                                                                                                 \
        Py_ssize_t i = 0;                                                                             \
        /* A Latin-1 text whose only line breaks are line feeds (most texts): memchr finds each. */      \
        int lf_only = sizeof(T) == 1 && !memchr(s, '\r', n) && !memchr(s, 0x0b, n)                     \
                      && !memchr(s, 0x0c, n) && !memchr(s, 0x85, n);                                   \
        while (i < n) {                                                                               \
            if (lf_only) {                                                                            \
                const T *at = memchr(s + i, '\n', n - i);                                             \
                if (at == NULL)                                                                       \
                    break;                                                                            \
                i = at - s;                                                                           \
            }                                                                                         \
            Py_UCS4 c = s[i];                                                                         \
            if ((sizeof(T) == 1 || c < 256) ? !BREAK_START[c & 0xff] : (c < 0x2028 || c > 0x2029)) {  \
                i++; /* most characters: no break of any kind */                                      \
                continue;                                                                             \
            }                                                                                         \
            if (c == 0x2029) {                                                                        \
                if (!append_size(out, i + 1))                                                         \
                    return 0;                                                                         \
                i++;                                                                                  \
                continue;                                                                             \
            }                                                                                         \
            Py_ssize_t b = line_break_at(c, i + 1 < n ? s[i + 1] : 0, n - i);                        \
            if (!b) {                                                                                 \
                i++;                                                                                  \
                continue;                                                                             \
            }                                                                                         \
            Py_ssize_t j = i + b;                                                                     \
            while (j < n && inline_space(s[j]))                                                       \
                j++;                                                                                  \
            Py_ssize_t b2 = j < n ? line_break_at(s[j], j + 1 < n ? s[j + 1] : 0, n - j) : 0;         \
            if (b2) {                                                                                 \
                if (!append_size(out, j + b2))                                                        \
                    return 0;                                                                         \
                i = j + b2; /* the search goes on after the match */                                  \
            } else {                                                                                  \
                i = j; /* no match starts between i and j: only one line break is there */           \
            }                                                                                         \
        }                                                                                             \
        return 1;                                                                                     \
    }
PARAGRAPH_STARTS(Py_UCS1)
PARAGRAPH_STARTS(Py_UCS2)
PARAGRAPH_STARTS(Py_UCS4)

PyDoc_STRVAR(paragraph_starts_doc,
"paragraph_starts(text) -> [0, ...]\n\n"
"0 and the end of each match of text.PARAGRAPH_BREAK in text (two line breaks with only spaces between,\n"
"CRLF one break, or a PARAGRAPH SEPARATOR), as finditer finds them: where each paragraph starts.");

static PyObject *
paragraph_starts(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "paragraph_starts: text must be a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL || !append_size(out, 0))
        goto fail;
    int ok;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: ok = paragraph_starts_Py_UCS1(data, n, out); break;
    case PyUnicode_2BYTE_KIND: ok = paragraph_starts_Py_UCS2(data, n, out); break;
    default: ok = paragraph_starts_Py_UCS4(data, n, out); break;
    }
    if (ok)
        return out;
fail:
    Py_XDECREF(out);
    return NULL;
}

PyDoc_STRVAR(quote_spans_doc,
"quote_spans(marks, ends) -> [(start, end), ...]\n\n"
"The quotation marks at marks (ascending offsets), paired in order: a mark opens a quote unless one\n"
"is open in its paragraph, which it closes, giving the span from the one to just after the other; a\n"
"paragraph break closes an unbalanced quote. ends (ascending) are where the paragraphs after the\n"
"first start; a mark's paragraph is how many of them are at or before it.");

static PyObject *
quote_spans(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "quote_spans(marks, ends)"))
        return NULL;
    PyObject *marks = args[0], *ends = args[1];
    if (!PyList_Check(marks) || !PyList_Check(ends)) {
        PyErr_SetString(PyExc_TypeError, "quote_spans: marks and ends must be lists of int");
        return NULL;
    }
    Py_ssize_t n_marks = PyList_GET_SIZE(marks), n_ends = PyList_GET_SIZE(ends);
    Py_ssize_t paragraph = 0, next_end = PY_SSIZE_T_MAX, opened = -1, opened_in = -1, previous = -1;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    if (n_ends > 0 && (next_end = PyLong_AsSsize_t(PyList_GET_ITEM(ends, 0))) == -1 && PyErr_Occurred())
        goto fail;
    for (Py_ssize_t k = 0; k < n_marks; k++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(marks, k));
        if (i == -1 && PyErr_Occurred())
            goto fail;
        if (i < previous) {
            PyErr_SetString(PyExc_ValueError, "quote_spans: marks must ascend");
            goto fail;
        }
        previous = i;
        while (next_end <= i) {  /* bisect_right(ends, i), walked forward */
            paragraph++;
            next_end = PY_SSIZE_T_MAX;
            if (paragraph < n_ends && (next_end = PyLong_AsSsize_t(PyList_GET_ITEM(ends, paragraph))) == -1
                && PyErr_Occurred())
                goto fail;
        }
        if (opened < 0 || paragraph != opened_in) {
            opened = i;
            opened_in = paragraph;
        } else {
            if (!append_pair(out, opened, i + 1))
                goto fail;
            opened = -1;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* A character normalize.LINE_BREAKS holds. */
static inline int
line_break(Py_UCS4 ch)
{
    return ch == '\n' || ch == '\r' || ch == 0x0b || ch == 0x0c || ch == 0x85 || ch == 0x2028;
}

/* How many lines end in t[a:b] (normalize.line_breaks: each line break character one, CRLF one). */
#define LINE_ENDS(T)                                                                                  \
    static Py_ssize_t line_ends_##T(const T *t, Py_ssize_t a, Py_ssize_t b)                           \
    {                                                                                                 \
        Py_ssize_t breaks = 0;                                                                        \
        for (Py_ssize_t j = a; j < b; j++)                                                            \
            if (line_break(t[j]) && !(t[j] == '\r' && j + 1 < b && t[j + 1] == '\n'))                 \
                breaks++;                                                                             \
        return breaks;                                                                                \
    }
LINE_ENDS(Py_UCS1)
LINE_ENDS(Py_UCS2)
LINE_ENDS(Py_UCS4)

/* The next run of two or more spaces in norm (s[0:n]) from *at: its start, with its end in *end; -1
 * when there is none. */
#define NEXT_RUN(T)                                                                                   \
    static Py_ssize_t next_run_##T(const T *s, Py_ssize_t n, Py_ssize_t *at, Py_ssize_t *end)         \
    {                                                                                                 \
        for (Py_ssize_t i = *at; i + 1 < n; i++) {                                                    \
            if (s[i] != ' ' || s[i + 1] != ' ')                                                       \
                continue;                                                                             \
            Py_ssize_t e = i + 2;                                                                     \
            while (e < n && s[e] == ' ')                                                              \
                e++;                                                                                  \
            *at = *end = e;                                                                           \
            return i;                                                                                 \
        }                                                                                             \
        return -1;                                                                                    \
    }
NEXT_RUN(Py_UCS1)
NEXT_RUN(Py_UCS2)
NEXT_RUN(Py_UCS4)

PyDoc_STRVAR(inner_runs_doc,
"inner_runs(text, norm) -> bool\n\n"
"Whether some run of two or more spaces in norm (text's normalised copy, as long) stands where text\n"
"ends fewer than two lines (normalize.line_breaks: each line break character one, CRLF one): a run\n"
"inside a paragraph, which normalize.squeeze writes as one character. False when every run is a\n"
"paragraph break.");

static PyObject *
inner_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity(nargs, 2, "inner_runs(text, norm)"))
        return NULL;
    PyObject *text = args[0], *norm = args[1];
    if (!PyUnicode_Check(text) || !PyUnicode_Check(norm)) {
        PyErr_SetString(PyExc_TypeError, "inner_runs: text and norm must be str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm), at = 0, a, b = 0;
    if (PyUnicode_GET_LENGTH(text) != n) {
        PyErr_SetString(PyExc_ValueError, "inner_runs: norm must be as long as text (its normalised copy)");
        return NULL;
    }
    int kind = PyUnicode_KIND(text), nkind = PyUnicode_KIND(norm);
    const void *t = PyUnicode_DATA(text), *s = PyUnicode_DATA(norm);
    for (;;) {
        switch (nkind) {
        case PyUnicode_1BYTE_KIND: a = next_run_Py_UCS1(s, n, &at, &b); break;
        case PyUnicode_2BYTE_KIND: a = next_run_Py_UCS2(s, n, &at, &b); break;
        default: a = next_run_Py_UCS4(s, n, &at, &b); break;
        }
        if (a < 0)
            Py_RETURN_FALSE;
        Py_ssize_t breaks;
        switch (kind) {
        case PyUnicode_1BYTE_KIND: breaks = line_ends_Py_UCS1(t, a, b); break;
        case PyUnicode_2BYTE_KIND: breaks = line_ends_Py_UCS2(t, a, b); break;
        default: breaks = line_ends_Py_UCS4(t, a, b); break;
        }
        if (breaks < 2)
            Py_RETURN_TRUE;
    }
}

/* The neighbour words (spinfix.text.prev_word_span / next_word_span): every candidate asks for the words
 * on each side of it (its context terms, row conditions, the generaliser's chunks), some 120,000 times per
 * MB of spun news, and each regex search from Python cost 1.3-3.6 us (a match object, the window's
 * bounds, the gap's strip). Where the window holds ASCII only, WORD is ASCII_WORD there and the walk below
 * finds the same span; elsewhere the caller's regex answers (NotImplemented). */

static inline int
word_char(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static inline int
joiner(Py_UCS4 c)
{
    return c == '\'' || c == '-' || c == '.';
}

static int
only_across(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, PyObject *across)
{
    /* Whether every character data[a:b] (of the given kind) is one of across's (a space, across NULL). */
    if (across == NULL) {
        for (Py_ssize_t k = a; k < b; k++)
            if (PyUnicode_READ(kind, data, k) != ' ')
                return 0;
        return 1;
    }
    int akind = PyUnicode_KIND(across);
    const void *adata = PyUnicode_DATA(across);
    Py_ssize_t an = PyUnicode_GET_LENGTH(across);
    for (Py_ssize_t k = a; k < b; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        Py_ssize_t j = 0;
        while (j < an && PyUnicode_READ(akind, adata, j) != c)
            j++;
        if (j == an)
            return 0;
    }
    return 1;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t i, lo, hi;  /* the position asked about and the window [lo, hi) read around it */
} Window;

static int
neighbour_window(PyObject *const *args, Py_ssize_t nargs, const char *name, int before, Window *w)
{
    /* Check the arguments (norm, i, across, window) and set w to the window before i (before) or after
     * it. -1: an error is set; 0: the regex must answer (i outside the text, or a non-ASCII character in
     * the window); 1: the window is ASCII. */
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "%s(norm, i, across, window) takes 4 arguments (%zd given)", name, nargs);
        return -1;
    }
    if (!PyUnicode_Check(args[0]) || !PyUnicode_Check(args[2])) {
        PyErr_Format(PyExc_TypeError, "%s: norm and across must be str", name);
        return -1;
    }
    Py_ssize_t i = PyLong_AsSsize_t(args[1]);
    if (i == -1 && PyErr_Occurred())
        return -1;
    Py_ssize_t window = PyLong_AsSsize_t(args[3]);
    if (window == -1 && PyErr_Occurred())
        return -1;
    if (window < 0) {
        PyErr_Format(PyExc_ValueError, "%s: window must not be negative", name);
        return -1;
    }
    PyObject *text = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (i < 0 || i > n)
        return 0;
    w->kind = PyUnicode_KIND(text);
    w->data = PyUnicode_DATA(text);
    w->i = i;
    w->lo = before ? (i - window > 0 ? i - window : 0) : i;
    w->hi = before ? i : (window < n - i ? i + window : n);
    if (!PyUnicode_IS_ASCII(text)) {
        for (Py_ssize_t k = w->lo; k < w->hi; k++)
            if (PyUnicode_READ(w->kind, w->data, k) > 127)
                return 0;
    }
    return 1;
}

static int
walk_before(int kind, const void *data, Py_ssize_t lo, Py_ssize_t i, PyObject *across, Py_ssize_t *a, Py_ssize_t *b)
{
    /* The last WORD in the ASCII window data[lo:i] with only characters of across (spaces when across is
     * NULL) between it and i: 1 with its span, 0 when there is none. */
    Py_ssize_t end = i;
    while (end > lo && !word_char(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (end == lo)
        return 0;
    Py_ssize_t start = end - 1;
    for (;;) {
        while (start > lo && word_char(PyUnicode_READ(kind, data, start - 1)))
            start--;
        /* A single joiner with a run of word characters before it (inside the window) extends the word. */
        if (start - 2 >= lo && joiner(PyUnicode_READ(kind, data, start - 1))
                && word_char(PyUnicode_READ(kind, data, start - 2)))
            start -= 2;
        else
            break;
    }
    if (!only_across(kind, data, end, i, across))
        return 0;
    *a = start;
    *b = end;
    return 1;
}

static int
walk_after(int kind, const void *data, Py_ssize_t i, Py_ssize_t hi, PyObject *across, Py_ssize_t *a, Py_ssize_t *b)
{
    /* The first WORD in the ASCII window data[i:hi] with only characters of across (spaces when across is
     * NULL) between i and it: 1 with its span, 0 when there is none. */
    Py_ssize_t start = i;
    while (start < hi && !word_char(PyUnicode_READ(kind, data, start)))
        start++;
    if (start == hi)
        return 0;
    Py_ssize_t end = start + 1;
    for (;;) {
        while (end < hi && word_char(PyUnicode_READ(kind, data, end)))
            end++;
        if (end + 1 < hi && joiner(PyUnicode_READ(kind, data, end)) && word_char(PyUnicode_READ(kind, data, end + 1)))
            end += 2;
        else
            break;
    }
    if (!only_across(kind, data, i, start, across))
        return 0;
    *a = start;
    *b = end;
    return 1;
}

static PyObject *
neighbour_span(PyObject *const *args, Py_ssize_t nargs, const char *name, int before)
{
    /* prev_word_span (before) or next_word_span: the window checked, then the walk that way. */
    Window w;
    int ascii = neighbour_window(args, nargs, name, before, &w);
    if (ascii <= 0)
        return ascii < 0 ? NULL : Py_NewRef(Py_NotImplemented);
    Py_ssize_t start, end;
    int found = before ? walk_before(w.kind, w.data, w.lo, w.i, args[2], &start, &end)
                       : walk_after(w.kind, w.data, w.i, w.hi, args[2], &start, &end);
    if (!found)
        Py_RETURN_NONE;
    return int_tuple(2, (long long[]){start, end}, NULL);
}

PyDoc_STRVAR(prev_word_span_doc,
"prev_word_span(norm, i, across, window) -> (start, end) | None | NotImplemented\n\n"
"spinfix.text.prev_word_span: the span of the last WORD in norm[max(0, i - window):i] when only characters\n"
"of across stand between it and i, else None. NotImplemented when that window holds a non-ASCII\n"
"character or i is outside the text: the regex answers those.");

static PyObject *
prev_word_span(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    return neighbour_span(args, nargs, "prev_word_span", 1);
}

PyDoc_STRVAR(next_word_span_doc,
"next_word_span(norm, i, across, window) -> (start, end) | None | NotImplemented\n\n"
"spinfix.text.next_word_span: the span of the first WORD in norm[i:i + window] when only characters of\n"
"across stand between i and it, else None. NotImplemented when that window holds a non-ASCII character\n"
"or i is outside the text: the regex answers those.");

static PyObject *
next_word_span(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    return neighbour_span(args, nargs, "next_word_span", 0);
}

PyDoc_STRVAR(ascii_twin_doc,
"ascii_twin(text, memo, stand_in) -> str\n\n"
"spinfix.text.ascii_twin: text itself when it is ASCII, else a copy with each other character c replaced by\n"
"memo[c], or by stand_in(c) (which also keeps its answer in memo) when memo does not hold it.");

static PyObject *
ascii_twin(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    /* Why: the encoder's error handler (the Python path) calls back into Python for every run of
     * non-ASCII characters, and a science paper has a run in most sentences ("α", "–", "µ"): one twin
     * was about 3 % of a clean science restore's instructions. Here only a character the memo has not
     * seen goes to Python, so the answers are the Python path's. */
    (void)module;
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1]) || !PyCallable_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "ascii_twin(text, memo, stand_in): a str, a dict and a callable");
        return NULL;
    }
    PyObject *text = args[0], *memo = args[1], *stand_in = args[2];
    if (PyUnicode_IS_ASCII(text))
        return Py_NewRef(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyUnicode_New(n, 127);
    if (out == NULL)
        return NULL;
    Py_UCS1 *dst = PyUnicode_1BYTE_DATA(out);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c < 128) {
            dst[k] = (Py_UCS1)c;
            continue;
        }
        PyObject *ch = PyUnicode_FromOrdinal((int)c);
        if (ch == NULL)
            goto fail;
        PyObject *twin = PyDict_GetItemWithError(memo, ch);  /* borrowed */
        if (twin != NULL) {
            Py_INCREF(twin);
        } else if (!PyErr_Occurred()) {
            twin = PyObject_CallOneArg(stand_in, ch);
        }
        Py_DECREF(ch);
        if (twin == NULL)
            goto fail;
        if (!PyUnicode_Check(twin) || PyUnicode_GET_LENGTH(twin) != 1 || PyUnicode_READ_CHAR(twin, 0) > 127) {
            Py_DECREF(twin);
            PyErr_SetString(PyExc_ValueError, "ascii_twin: a stand-in must be one ASCII character");
            goto fail;
        }
        dst[k] = (Py_UCS1)PyUnicode_READ_CHAR(twin, 0);
        Py_DECREF(twin);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* The learned-swap pass's chunks (spinfix.general.Generalizer._chunk and _compound_parts): the run of
 * content words around each trigger word, and the trigger words inside hyphenated compounds. On clean
 * science the chunks were walked in Python, several calls per neighbour (a claimed span looked up by
 * bisection, the compound's part, the neighbour word, the separator, the content test): a tenth of a
 * restore of repeated text. The walk below asks the same questions in the same order; a character it
 * reads that is not ASCII (where Python's isalnum and the WORD regex decide) makes it answer
 * NotImplemented, and the Python walk answers instead. tests/test_textcore.py compares the two. */

#define BAIL (-2) /* a character that is not ASCII was read: the caller answers NotImplemented */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static inline int
text_at(const Text *t, Py_ssize_t k)
{
    /* The character at k when it is ASCII, else BAIL. */
    Py_UCS4 c = PyUnicode_READ(t->kind, t->data, k);
    return c > 127 ? BAIL : (int)c;
}

/* 1 when the ASCII character c is a letter or digit (str.isalnum and is_word_char agree on ASCII). */
#define ALNUM_ASCII(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9'))

static int
ascii_alnum(const Text *t, Py_ssize_t k)
{
    /* 1 or 0 for an ASCII character at k, BAIL for any other. */
    int c = text_at(t, k);
    return c == BAIL ? BAIL : ALNUM_ASCII(c);
}

static int
word_start_at(const Text *t, Py_ssize_t i)
{
    /* spinfix.normalize.is_word_start */
    if (i <= 0)
        return 1;
    int prev = text_at(t, i - 1);
    if (prev == BAIL)
        return BAIL;
    if (prev == ' ')
        return 1;
    if (ALNUM_ASCII(prev))
        return 0;
    if (!(prev == '\'' || prev == '-' || prev == '.') || i < 2)
        return 1;
    int before = ascii_alnum(t, i - 2);
    return before == BAIL ? BAIL : !before;
}

static int
word_end_at(const Text *t, Py_ssize_t i)
{
    /* spinfix.normalize.is_word_end */
    if (i >= t->n)
        return 1;
    int nxt = text_at(t, i);
    if (nxt == BAIL)
        return BAIL;
    if (nxt == ' ')
        return 1;
    if (ALNUM_ASCII(nxt))
        return 0;
    if ((nxt == '\'' || nxt == '-' || nxt == '.') && i + 1 < t->n) {
        int after = ascii_alnum(t, i + 1);
        if (after == BAIL)
            return BAIL;
        if (after) {
            if (nxt != '\'' || text_at(t, i + 1) != 's')
                return 0;
            if (i + 2 >= t->n)
                return 1;
            int third = ascii_alnum(t, i + 2);
            return third == BAIL ? BAIL : !third;
        }
    }
    return 1;
}

static int
part_before(const Text *t, Py_ssize_t i, Py_ssize_t *a, Py_ssize_t *b)
{
    /* spinfix.general._part_before: 1 with the part in [*a, *b), 0 for None, BAIL. */
    if (i < 2 || i >= t->n)
        return 0;
    if (PyUnicode_READ(t->kind, t->data, i - 1) != '-')
        return 0;
    int x = ascii_alnum(t, i - 2);
    if (x != 1)
        return x;
    x = ascii_alnum(t, i);
    if (x != 1)
        return x;
    Py_ssize_t j = i - 1;
    while (j > 0) {
        x = ascii_alnum(t, j - 1);
        if (x == BAIL)
            return BAIL;
        if (!x)
            break;
        j--;
    }
    if (j && PyUnicode_READ(t->kind, t->data, j - 1) != '-') {
        x = word_start_at(t, j);
        if (x != 1)
            return x;
    }
    *a = j;
    *b = i - 1;
    return 1;
}

static int
part_after(const Text *t, Py_ssize_t i, Py_ssize_t *a, Py_ssize_t *b)
{
    /* spinfix.general._part_after: 1 with the part in [*a, *b), 0 for None, BAIL. */
    if (!i || i + 1 >= t->n)
        return 0;
    if (PyUnicode_READ(t->kind, t->data, i) != '-')
        return 0;
    int x = ascii_alnum(t, i + 1);
    if (x != 1)
        return x;
    x = ascii_alnum(t, i - 1);
    if (x != 1)
        return x;
    Py_ssize_t j = i + 1;
    while (j < t->n) {
        x = ascii_alnum(t, j);
        if (x == BAIL)
            return BAIL;
        if (!x)
            break;
        j++;
    }
    if (j < t->n && PyUnicode_READ(t->kind, t->data, j) != '-') {
        x = word_end_at(t, j);
        if (x != 1)
            return x;
    }
    *a = i + 1;
    *b = j;
    return 1;
}

static int
ascii_window(const Text *t, Py_ssize_t lo, Py_ssize_t hi)
{
    for (Py_ssize_t k = lo; k < hi; k++)
        if (PyUnicode_READ(t->kind, t->data, k) > 127)
            return 0;
    return 1;
}

static int
word_before(const Text *t, Py_ssize_t i, Py_ssize_t window, Py_ssize_t *a, Py_ssize_t *b)
{
    /* spinfix.text.prev_word_span(norm, i) with across " ": 1 with the span, 0 for None, BAIL where that
     * window is not ASCII. */
    Py_ssize_t lo = i - window > 0 ? i - window : 0;
    if (!ascii_window(t, lo, i))
        return BAIL;
    return walk_before(t->kind, t->data, lo, i, NULL, a, b);
}

static int
word_after(const Text *t, Py_ssize_t i, Py_ssize_t window, Py_ssize_t *a, Py_ssize_t *b)
{
    /* spinfix.text.next_word_span(norm, i) with across " " (see word_before). */
    Py_ssize_t hi = window < t->n - i ? i + window : t->n;
    if (!ascii_window(t, i, hi))
        return BAIL;
    return walk_after(t->kind, t->data, i, hi, NULL, a, b);
}

static int
span_of(PyObject *span, Py_ssize_t *a, Py_ssize_t *b)
{
    /* The two ints of a claimed span (a 2-tuple); 0 with an error set otherwise. */
    if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
        PyErr_SetString(PyExc_TypeError, "chunk: a claimed span must be a 2-tuple of int");
        return 0;
    }
    *a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
    if (*a == -1 && PyErr_Occurred())
        return 0;
    *b = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
    return !(*b == -1 && PyErr_Occurred());
}

static Py_ssize_t
bisect_ints(PyObject *list, Py_ssize_t x, int right)
{
    /* bisect.bisect_right (right) or bisect_left of x in a sorted list of int; -1 with an error set. */
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(list);
    while (lo < hi) {
        Py_ssize_t mid = lo + ((hi - lo) >> 1);
        Py_ssize_t v = PyLong_AsSsize_t(PyList_GET_ITEM(list, mid));
        if (v == -1 && PyErr_Occurred())
            return -1;
        if (right ? x < v : x <= v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

typedef struct {
    PyObject *ends, *by_end, *starts, *by_start; /* spinfix.general._Claimed's lists */
    PyObject *busy, *content, *zipf;             /* zipf: a dict, or None to ask content */
    double below;
    Py_ssize_t window;
} Walk;

static int
content_word(const Walk *w, PyObject *word)
{
    /* Generalizer._content: the word's Zipf frequency (0 when unlisted) below CONTENT_MAX_ZIPF, read from
     * the dict when the unigrams are one (a call into Python per neighbour was half of the walk's time),
     * else asked of the content test. 1, 0, -1 with an error set. */
    if (w->zipf != Py_None) {
        PyObject *z = PyDict_GetItemWithError(w->zipf, word);
        if (z == NULL)
            return PyErr_Occurred() ? -1 : 0.0 < w->below;
        double f = PyFloat_AsDouble(z);
        if (f == -1.0 && PyErr_Occurred())
            return -1;
        return f < w->below;
    }
    PyObject *yes = PyObject_CallOneArg(w->content, word);
    if (yes == NULL)
        return -1;
    int truth = PyObject_IsTrue(yes);
    Py_DECREF(yes);
    return truth;
}

static int
neighbour(const Text *t, const Walk *w, Py_ssize_t i, int before, PyObject **claimed, Py_ssize_t *a, Py_ssize_t *b)
{
    /* The chunk element next to i, as _Claimed.before/after, then the compound's part, then the neighbour
     * word give it: 1 with the span (and *claimed, borrowed, when it is a claimed one), 0 for none, BAIL,
     * -1 with an error set. */
    *claimed = NULL;
    if (before) {
        Py_ssize_t k = bisect_ints(w->ends, i, 1);
        if (k < 0)
            return -1;
        k--;
        if (k >= 0 && k < PyList_GET_SIZE(w->by_end)) {
            Py_ssize_t e = PyLong_AsSsize_t(PyList_GET_ITEM(w->ends, k));
            if (e == -1 && PyErr_Occurred())
                return -1;
            if (e >= i - 2) {
                *claimed = PyList_GET_ITEM(w->by_end, k);
                return span_of(*claimed, a, b) ? 1 : -1;
            }
        }
        int found = part_before(t, i, a, b);
        return found ? found : word_before(t, i, w->window, a, b);
    }
    Py_ssize_t k = bisect_ints(w->starts, i, 0);
    if (k < 0)
        return -1;
    if (k < PyList_GET_SIZE(w->starts) && k < PyList_GET_SIZE(w->by_start)) {
        Py_ssize_t s = PyLong_AsSsize_t(PyList_GET_ITEM(w->starts, k));
        if (s == -1 && PyErr_Occurred())
            return -1;
        if (s <= i + 2) {
            *claimed = PyList_GET_ITEM(w->by_start, k);
            return span_of(*claimed, a, b) ? 1 : -1;
        }
    }
    int found = part_after(t, i, a, b);
    return found ? found : word_after(t, i, w->window, a, b);
}

static int
joins(const Text *t, PyObject *norm, const Walk *w, PyObject *claimed, Py_ssize_t a, Py_ssize_t b, Py_ssize_t gap,
      PyObject **span, int *busy)
{
    /* Whether the element [a, b), one " " or "-" (at gap, when gap >= 0) away from the chunk, joins it:
     * claimed (in busy) or a content word. 1 with *span (a new reference) and *busy, 0, -1 on error. */
    if (gap < 0)
        return 0;
    Py_UCS4 sep = PyUnicode_READ(t->kind, t->data, gap);
    if (sep != ' ' && sep != '-')
        return 0;
    PyObject *key = claimed != NULL ? Py_NewRef(claimed) : int_tuple(2, (long long[]){a, b}, NULL);
    if (key == NULL)
        return -1;
    int in_busy = PyDict_Contains(w->busy, key);
    if (in_busy < 0)
        goto fail;
    if (!in_busy) {
        PyObject *word = PyUnicode_Substring(norm, a, b);
        if (word == NULL)
            goto fail;
        int truth = content_word(w, word);
        Py_DECREF(word);
        if (truth <= 0) {
            Py_DECREF(key);
            return truth;
        }
    }
    *span = key;
    *busy = in_busy;
    return 1;
fail:
    Py_DECREF(key);
    return -1;
}

PyDoc_STRVAR(chunk_doc,
"chunk(norm, start, end, ends, by_end, starts, by_start, busy, content, zipf, below, max_chunk, window)\n"
"-> [(a, b), ...]\n\n"
"spinfix.general.Generalizer._chunk: the chunk around the trigger word norm[start:end], at most max_chunk\n"
"elements each side, given _Claimed's lists, the busy dict and the content test (a word is content when\n"
"its value in zipf, a dict, is below below, 0 when unlisted; with zipf None, when content(word) is true).\n"
"NotImplemented where the walk reads a character that is not ASCII: the Python walk answers those.");

static PyObject *
chunk(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 13) {
        PyErr_Format(PyExc_TypeError, "chunk() takes 13 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *norm = args[0];
    if (!PyUnicode_Check(norm) || !PyList_Check(args[3]) || !PyList_Check(args[4]) || !PyList_Check(args[5])
            || !PyList_Check(args[6]) || !PyDict_Check(args[7]) || !(args[9] == Py_None || PyDict_Check(args[9]))) {
        PyErr_SetString(PyExc_TypeError,
                        "chunk: norm must be str, the claimed spans lists, busy a dict and zipf a dict or None");
        return NULL;
    }
    double below = PyFloat_AsDouble(args[10]);
    if (below == -1.0 && PyErr_Occurred())
        return NULL;
    if (PyList_GET_SIZE(args[3]) != PyList_GET_SIZE(args[4]) || PyList_GET_SIZE(args[5]) != PyList_GET_SIZE(args[6])) {
        PyErr_SetString(PyExc_ValueError, "chunk: ends and by_end, starts and by_start must be as long");
        return NULL;
    }
    Py_ssize_t s, e, max_chunk, window;
    if ((s = PyLong_AsSsize_t(args[1])) == -1 && PyErr_Occurred())
        return NULL;
    if ((e = PyLong_AsSsize_t(args[2])) == -1 && PyErr_Occurred())
        return NULL;
    if ((max_chunk = PyLong_AsSsize_t(args[11])) == -1 && PyErr_Occurred())
        return NULL;
    if ((window = PyLong_AsSsize_t(args[12])) == -1 && PyErr_Occurred())
        return NULL;
    Text t = {PyUnicode_KIND(norm), PyUnicode_DATA(norm), PyUnicode_GET_LENGTH(norm)};
    if (s < 0 || e < s || e > t.n || window < 0) {
        PyErr_SetString(PyExc_ValueError, "chunk: the span must lie in norm and the window not be negative");
        return NULL;
    }
    Walk w = {args[3], args[4], args[5], args[6], args[7], args[8], args[9], below, window};
    PyObject *left = PyList_New(0), *out = PyList_New(0);
    if (left == NULL || out == NULL)
        goto fail;
    Py_ssize_t first = s, last = e;
    for (Py_ssize_t step = 0; step < max_chunk; step++) {
        PyObject *claimed, *span;
        Py_ssize_t a, b;
        int busy, found = neighbour(&t, &w, first, 1, &claimed, &a, &b);
        if (found == BAIL)
            goto bail;
        if (found < 0)
            goto fail;
        if (!found)
            break;
        int joined = joins(&t, norm, &w, claimed, a, b, b == first - 1 ? b : -1, &span, &busy);
        if (joined < 0)
            goto fail;
        if (!joined)
            break;
        int failed = PyList_Append(left, span);
        Py_DECREF(span);
        if (failed)
            goto fail;
        first = a;
        if (busy)
            break;
    }
    for (Py_ssize_t k = PyList_GET_SIZE(left) - 1; k >= 0; k--)
        if (PyList_Append(out, PyList_GET_ITEM(left, k)))
            goto fail;
    if (!append_pair(out, s, e))
        goto fail;
    for (Py_ssize_t step = 0; step < max_chunk; step++) {
        PyObject *claimed, *span;
        Py_ssize_t a, b;
        int busy, found = neighbour(&t, &w, last, 0, &claimed, &a, &b);
        if (found == BAIL)
            goto bail;
        if (found < 0)
            goto fail;
        if (!found)
            break;
        int joined = joins(&t, norm, &w, claimed, a, b, a == last + 1 ? last : -1, &span, &busy);
        if (joined < 0)
            goto fail;
        if (!joined)
            break;
        int failed = PyList_Append(out, span);
        Py_DECREF(span);
        if (failed)
            goto fail;
        last = b;
        if (busy)
            break;
    }
    Py_DECREF(left);
    return out;
bail:
    Py_DECREF(left);
    Py_DECREF(out);
    return Py_NewRef(Py_NotImplemented);
fail:
    Py_XDECREF(left);
    Py_XDECREF(out);
    return NULL;
}

PyDoc_STRVAR(compound_parts_doc,
"compound_parts(norm, words) -> [(a, b), ...]\n\n"
"spinfix.general.Generalizer._compound_parts: the sorted spans of the parts of hyphenated compounds, on\n"
"either side of each hyphen before a word character, that are in words. NotImplemented where a character\n"
"read is not ASCII.");

static PyObject *
compound_parts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "compound_parts(norm, words) takes a str and a container");
        return NULL;
    }
    PyObject *norm = args[0], *words = args[1];
    Text t = {PyUnicode_KIND(norm), PyUnicode_DATA(norm), PyUnicode_GET_LENGTH(norm)};
    PyObject *found = PySet_New(NULL);
    if (found == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i + 1 < t.n; i++) {
        if (PyUnicode_READ(t.kind, t.data, i) != '-')
            continue;
        /* A hyphen the pattern -(?=\w) finds: a word character after it (a non-ASCII one: bail). */
        Py_UCS4 next = PyUnicode_READ(t.kind, t.data, i + 1);
        if (next > 127)
            goto bail;
        if (!(ALNUM_ASCII(next) || next == '_'))
            continue;
        for (int side = 0; side < 2; side++) {
            Py_ssize_t a, b;
            int got = side == 0 ? part_before(&t, i + 1, &a, &b) : part_after(&t, i, &a, &b);
            if (got == BAIL)
                goto bail;
            if (!got)
                continue;
            PyObject *word = PyUnicode_Substring(norm, a, b);
            if (word == NULL)
                goto fail;
            int known = PySequence_Contains(words, word);
            Py_DECREF(word);
            if (known < 0)
                goto fail;
            if (!known)
                continue;
            PyObject *span = int_tuple(2, (long long[]){a, b}, NULL);
            if (span == NULL)
                goto fail;
            int failed = PySet_Add(found, span);
            Py_DECREF(span);
            if (failed)
                goto fail;
        }
    }
    PyObject *out = PySequence_List(found);
    Py_DECREF(found);
    if (out != NULL && PyList_Sort(out) < 0)
        Py_CLEAR(out);
    return out;
bail:
    Py_DECREF(found);
    return Py_NewRef(Py_NotImplemented);
fail:
    Py_DECREF(found);
    return NULL;
}

static PyMethodDef module_methods[] = {
    {"has_line", (PyCFunction)(void (*)(void))has_line, METH_FASTCALL, has_line_doc},
    {"spans", (PyCFunction)(void (*)(void))spans, METH_FASTCALL, spans_doc},
    {"rare_count", (PyCFunction)(void (*)(void))rare_count, METH_FASTCALL, rare_count_doc},
    {"split_count", (PyCFunction)split_count, METH_O, split_count_doc},
    {"split_starts", (PyCFunction)split_starts, METH_O, split_starts_doc},
    {"paragraph_starts", (PyCFunction)paragraph_starts, METH_O, paragraph_starts_doc},
    {"quote_spans", (PyCFunction)(void (*)(void))quote_spans, METH_FASTCALL, quote_spans_doc},
    {"inner_runs", (PyCFunction)(void (*)(void))inner_runs, METH_FASTCALL, inner_runs_doc},
    {"ascii_twin", (PyCFunction)(void (*)(void))ascii_twin, METH_FASTCALL, ascii_twin_doc},
    {"prev_word_span", (PyCFunction)(void (*)(void))prev_word_span, METH_FASTCALL, prev_word_span_doc},
    {"next_word_span", (PyCFunction)(void (*)(void))next_word_span, METH_FASTCALL, next_word_span_doc},
    {"chunk", (PyCFunction)(void (*)(void))chunk, METH_FASTCALL, chunk_doc},
    {"compound_parts", (PyCFunction)(void (*)(void))compound_parts, METH_FASTCALL, compound_parts_doc},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef Cues_methods[] = {
    {"count", (PyCFunction)(void (*)(void))Cues_count, METH_FASTCALL, count_doc},
    {"find", (PyCFunction)Cues_find, METH_O, find_doc},
    {"count_each", (PyCFunction)(void (*)(void))Cues_count_each, METH_FASTCALL, count_each_doc},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CuesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spinfix._textcore.Cues",
    .tp_doc = PyDoc_STR("A set of cue words, and the register count over an ASCII twin (see the module doc)."),
    .tp_basicsize = sizeof(Cues),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Cues_init,
    .tp_dealloc = (destructor)Cues_dealloc,
    .tp_methods = Cues_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_textcore",
    "The register count in C (optional; spinfix.text falls back to Python).", -1, module_methods, NULL, NULL, NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__textcore(void)
{
    if (PyType_Ready(&CuesType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CuesType);
    if (PyModule_AddObject(m, "Cues", (PyObject *)&CuesType) < 0) {
        Py_DECREF(&CuesType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
