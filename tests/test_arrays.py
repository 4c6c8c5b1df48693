"""The mapped-array container of the shipped model data (spinfix.arrays): what it writes is an ordinary
.npz, its members are mapped where they can be, and anything else is still read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from spinfix.arrays import ALIGN, READ_ERRORS, map_views, read_arrays, write_arrays
from spinfix.ngram import TrigramModel


def _sample() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {
        "keys": np.sort(rng.integers(0, 2**40, 1000, dtype=np.uint64)),
        "odd": np.arange(7, dtype=np.uint8),  # a length that leaves the next member unaligned unless padded
        "vals": rng.random(33).astype(np.float32),
        "scalar": np.array(3.5),
        "empty": np.zeros(0, dtype=np.int64),
    }


def test_written_archive_is_an_ordinary_npz_with_aligned_members(tmp_path: Path) -> None:
    path = tmp_path / "a.npz"
    arrays = _sample()
    write_arrays(path, arrays)
    with np.load(path, allow_pickle=False) as z:
        assert sorted(z.files) == sorted(arrays)
        for name, value in arrays.items():
            np.testing.assert_array_equal(z[name], value)
    read = read_arrays(path)
    for name, value in arrays.items():
        np.testing.assert_array_equal(read[name], value)
        assert read[name].dtype == value.dtype
    # The non-empty arrays are mapped read-only views of the file, and aligned.
    for name in ("keys", "odd", "vals"):
        assert isinstance(read[name].base, np.memmap), name
        assert not read[name].flags.writeable
        assert read[name].ctypes.data % ALIGN == 0
    with zipfile.ZipFile(path) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}


def test_rebuild_gives_the_same_bytes(tmp_path: Path) -> None:
    write_arrays(tmp_path / "a.npz", _sample())
    write_arrays(tmp_path / "b.npz", _sample())
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_compressed_archive_is_read_not_mapped(tmp_path: Path) -> None:
    path = tmp_path / "c.npz"
    arrays = _sample()
    np.savez_compressed(path, **arrays)
    read = read_arrays(path)
    for name, value in arrays.items():
        np.testing.assert_array_equal(read[name], value)
    assert not isinstance(read["keys"].base, np.memmap)


def test_not_an_archive_raises_a_listed_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(READ_ERRORS):
        read_arrays(bad)
    with pytest.raises(READ_ERRORS):
        read_arrays(tmp_path / "missing.npz")


def test_plain_views_equal_the_arrays_and_only_plain_archives_get_them(tmp_path: Path) -> None:
    # map_views serves the model's scalar questions without numpy: bytes and little-endian 64-bit keys,
    # one-dimensional, stored and aligned; anything else is None (numpy's read_arrays takes over).
    path = tmp_path / "plain.npz"
    plain = {"keys": _sample()["keys"], "odd": np.arange(7, dtype=np.uint8), "more": np.arange(300, dtype=np.uint8)}
    write_arrays(path, plain)
    views = map_views(path)
    assert views is not None and sorted(views) == sorted(plain)
    for name, value in plain.items():
        assert views[name].tolist() == value.tolist(), name
        assert views[name].readonly
    assert views["keys"].format == "Q" and views["odd"].format == "B"
    other = {"vals": np.arange(3, dtype=np.float32)}, {"grid": np.zeros((2, 2), np.uint8)}, {"e": np.zeros(0, np.uint8)}
    for k, arrays in enumerate(other):
        write_arrays(tmp_path / f"o{k}.npz", arrays)
        assert map_views(tmp_path / f"o{k}.npz") is None, arrays
    np.savez_compressed(tmp_path / "c.npz", **plain)
    assert map_views(tmp_path / "c.npz") is None
    np.savez(tmp_path / "u.npz", **plain)  # stored, but numpy does not align the members
    assert map_views(tmp_path / "u.npz") is None
    with pytest.raises(READ_ERRORS):
        map_views(tmp_path / "missing.npz")


def test_shipped_model_views_equal_its_arrays() -> None:
    model = TrigramModel()
    views, data = model._views, read_arrays(model.path)
    assert sorted(views) == sorted(data)
    for name in ("vocab", "uni_prob", "bi_bo", "tri_prob"):
        assert views[name].tobytes() == data[name].tobytes(), name
    for name in ("bi_key", "tri_key"):
        assert views[name].format == "Q" and len(views[name]) == len(data[name])
        assert views[name].tobytes() == data[name].tobytes(), name


def test_shipped_model_keys_are_mapped_once() -> None:
    # The batches' arrays are numpy views of the scalar questions' memory map: one map of the file, so the
    # key pages both touch count once in the process's resident memory.
    import mmap

    model = TrigramModel()
    data = model._data
    for name in ("bi_key", "tri_key"):
        assert isinstance(model._views[name].obj, mmap.mmap), name
        assert isinstance(data[name].base, memoryview) and not data[name].flags.writeable, name
        assert data[name].base.obj is model._views[name].obj, name
        assert np.all(data[name][1:] > data[name][:-1]), f"{name} must be strictly increasing"


def test_shipped_readings_are_stored_to_be_mapped() -> None:
    # spin_readings.npz is read by every process's first spun document: its members are stored, aligned
    # and mapped (0.02 s), not inflated (the compressed file took 0.07 s with its degree-to-cost sort).
    from spinfix.evidence import READINGS_PATH

    arrays = read_arrays(READINGS_PATH)
    for name in ("offsets", "ids", "degree"):
        assert isinstance(arrays[name].base, np.memmap), name
