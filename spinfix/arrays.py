"""Shipped numeric data that a process maps instead of reading: ``.npz`` files whose members are stored
uncompressed and start on ALIGN-byte boundaries.

Why: the trigram model's 3.7 M sorted n-gram keys were stored compressed and delta-encoded, and every
process that read a spun sentence first inflated and summed them (0.25 s of a 1.3 s cold start, issue
14) into 60 MB of private memory. Mapped, a process reads only the pages its binary searches touch (a
handful per lookup), starts at once, and worker processes share one copy in the page cache.

The files stay ordinary ``.npz`` archives (``numpy.load`` reads them anywhere); :func:`write_arrays`
only pads each member's local header so that its ``.npy`` data is aligned (an unaligned key array made
``searchsorted`` copy all of it on every call). :func:`read_arrays` maps what it can and reads the rest,
so a compressed or hand-made archive still loads, only slower.
"""

from __future__ import annotations

import ast
import io
import mmap
import struct
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

#: Byte alignment of every member's array data (numpy pads ``.npy`` headers to 64 bytes too).
ALIGN = 64
#: Header id of the padding field in a member's local header (zip readers skip unknown extra fields).
_PAD_ID = 0x7370
_LOCAL_HEADER = 30  # fixed part of a zip local file header
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # members carry no build time, so a rebuild gives the same bytes


def write_arrays(path: str | Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as an uncompressed ``.npz`` whose members' data start on ALIGN-byte boundaries."""
    import numpy as np

    with open(path, "wb") as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, array in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            filename = info.filename.encode("utf-8")
            # The member's data starts after the local header, its name and its extra field: pad the
            # extra field (4 bytes of id and length, then zeros) so that the start is aligned.
            start = fh.tell() + _LOCAL_HEADER + len(filename) + 4
            info.extra = struct.pack("<HH", _PAD_ID, -start % ALIGN) + bytes(-start % ALIGN)
            zf.writestr(info, buf.getvalue())


def read_arrays(path: str | Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz``: stored, aligned members memory-mapped read-only, the others read.

    A file that is not such an archive raises one of :data:`READ_ERRORS`.
    """
    import numpy as np

    out: dict[str, np.ndarray] = {}
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            name = info.filename.removesuffix(".npy")
            mapped = _mapped(path, fh, info) if info.compress_type == zipfile.ZIP_STORED else None
            if mapped is None:
                with zf.open(info) as member:
                    mapped = np.lib.format.read_array(member, allow_pickle=False)
            out[name] = mapped
    return out


def _mapped(path: str | Path, fh: io.BufferedReader, info: zipfile.ZipInfo) -> np.ndarray | None:
    """The stored member ``info`` mapped read-only, or None when it cannot be (unaligned, Fortran order,
    empty, a header version this reader does not parse)."""
    import numpy as np

    fh.seek(info.header_offset + 26)
    name_len, extra_len = struct.unpack("<HH", fh.read(4))
    fh.seek(info.header_offset + _LOCAL_HEADER + name_len + extra_len)
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
    else:
        return None
    offset = fh.tell()
    if fortran or dtype.hasobject or offset % ALIGN or not all(shape) or not shape:
        return None
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape).view(np.ndarray)


#: What :func:`read_arrays` and :func:`map_views` raise on a file that is not a readable archive.
READ_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)

#: The ``.npy`` element types :func:`map_views` maps, as ``memoryview`` formats: bytes, and little-endian
#: 64-bit keys (on a little-endian machine; elsewhere the archive is left to numpy).
_VIEW_FORMATS: dict[str, Literal["B", "Q"]] = {"|u1": "B", "<u8": "Q"}
_NPY_MAGIC = b"\x93NUMPY"


def map_views(path: str | Path) -> dict[str, memoryview] | None:
    """The members of an archive :func:`write_arrays` wrote, as read-only ``memoryview`` s of one map of
    the file, without numpy; None when some member is not such a plain array (compressed, unaligned, of
    another element type or shape), which :func:`read_arrays` then reads.

    Why: a short spun text asks the trigram model a few dozen scalar questions, which a binary search over
    a ``memoryview`` answers as fast as numpy does; importing numpy for them was about 0.06 s of the
    0.5 s cold start of a spun sentence (issue 14). Only the batched readings of longer texts need numpy.
    """
    if sys.byteorder != "little":
        return None
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        places: dict[str, tuple[int, int, Literal["B", "Q"]]] = {}
        for info in zf.infolist():
            if info.compress_type != zipfile.ZIP_STORED:
                return None
            fh.seek(info.header_offset + 26)
            name_len, extra_len = struct.unpack("<HH", fh.read(4))
            start = info.header_offset + _LOCAL_HEADER + name_len + extra_len
            fh.seek(start)
            found = _npy_header(fh.read(min(info.file_size, 4096)))
            if found is None:
                return None
            header_len, fmt, count = found
            offset = start + header_len
            if offset % ALIGN or header_len + count * struct.calcsize(fmt) != info.file_size:
                return None
            places[info.filename.removesuffix(".npy")] = (offset, count, fmt)
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    whole = memoryview(mapped)
    return {name: whole[offset:offset + count * struct.calcsize(fmt)].cast(fmt)
            for name, (offset, count, fmt) in places.items()}


def _npy_header(head: bytes) -> tuple[int, Literal["B", "Q"], int] | None:
    """(bytes before the data, ``memoryview`` format, element count) of a one-dimensional ``.npy`` array
    in C order of a type in _VIEW_FORMATS, from the start of the member; None for anything else."""
    if not head.startswith(_NPY_MAGIC) or len(head) < 10:
        return None
    major = head[6]
    if major == 1:
        size, length = 2, struct.unpack("<H", head[8:10])[0]
    elif major in (2, 3) and len(head) >= 12:
        size, length = 4, struct.unpack("<I", head[8:12])[0]
    else:
        return None
    text = head[8 + size:8 + size + length]
    if len(text) != length:
        return None
    try:
        header = ast.literal_eval(text.decode("latin-1"))
    except (ValueError, SyntaxError):
        return None
    if not isinstance(header, dict) or header.get("fortran_order") is not False:
        return None
    descr, shape = header.get("descr"), header.get("shape")
    fmt = _VIEW_FORMATS.get(descr) if isinstance(descr, str) else None
    if fmt is None or not isinstance(shape, tuple) or len(shape) != 1 or not isinstance(shape[0], int) or shape[0] < 1:
        return None
    return 8 + size + length, fmt, shape[0]
