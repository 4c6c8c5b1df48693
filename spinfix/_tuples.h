/* Small tuples of integers for spinfix's compiled modules, built directly.
 *
 * Why: Py_BuildValue parses its format string on every call. The modules make such a tuple for every
 * token of a read sentence (_textcore.spans), every table match (_matchcore), every reading window key
 * and best reading (_ngramcore) and every neighbour word: on spun news that parsing was about 3 % of a
 * restore's instructions. A static function in a header, so that each module stays one file to build. */
#ifndef SPINFIX_TUPLES_H
#define SPINFIX_TUPLES_H

#include <Python.h>

static PyObject *
int_tuple(Py_ssize_t n, const long long *values, PyObject *last)
{
    /* (values[0], ..., values[n - 1]), then last when it is not NULL (its reference is taken over, also
     * on failure). */
    PyObject *t = PyTuple_New(n + (last != NULL));
    if (t == NULL) {
        Py_XDECREF(last);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyLong_FromLongLong(values[k]);
        if (v == NULL) {
            Py_DECREF(t);
            Py_XDECREF(last);
            return NULL;
        }
        PyTuple_SET_ITEM(t, k, v);
    }
    if (last != NULL)
        PyTuple_SET_ITEM(t, n, last);
    return t;
}

#endif
