"""Build spinfix's trigram language model (``spinfix/data/lexicon/ngram3.npz``) from the CMU Sphinx
US English model inside the ``pocketsphinx`` wheel on PyPI.

Why this model: it is the only broad-coverage English n-gram model a registry ships (72,547 words,
2,051,547 bigrams, 1,669,625 trigrams, trained on broadcast-news-like text), it is BSD-licensed, and it
knows the collocations a spinner breaks ("told reuters", "social media") where the web-bigram list
(counts >= 100k) is silent. pocketsphinx's own ARPA writer crashes on this file (5.1.1), and its
runtime dependency ``sounddevice`` needs PortAudio, so spinfix reads the binary trie itself here and
ships a compact copy instead of depending on the package.

Usage::

    pip download --no-deps pocketsphinx==5.1.1 -d /tmp/ps     # the wheel (29 MB); nothing is installed
    python scripts/build_ngram.py /tmp/ps/pocketsphinx-5.1.1-*.whl

The binary format read here is sphinxbase's "Trie Language Model" (``src/lm/ngram_model_trie.c``,
``lm_trie.c``, ``lm_trie_quant.c`` in the pocketsphinx sources): a header, the n-gram counts, the
quantisation tables (16-bit bins), the unigram array (prob, backoff, next), then bit-packed middle
(bigram) and longest (trigram) arrays whose tries are keyed from the *last* word of an n-gram backwards.

Output (numpy ``.npz``, ``allow_pickle=False``), all log10 values quantised to one byte:

* ``format``: ``spinfix-ngram 2``; ``vocab``: the words, UTF-8, newline-separated;
* ``uni_prob``, ``uni_bo``: per word id;
* ``bi_key`` (``w1 << 17 | w2``, sorted), ``bi_prob``, ``bi_bo``;
* ``tri_key`` (``w1 << 34 | w2 << 17 | w3``, sorted), ``tri_prob``.

The archive is stored uncompressed with each member aligned (``spinfix.arrays.write_arrays``), so that
:mod:`spinfix.ngram` maps the sorted keys instead of reading them: 36 MB on disk (13 MB inside the
zipped wheel) where format 1, compressed with delta-encoded keys, took 12 MB but 0.25 s of inflating
and summing in every process that read a spun sentence (issue 14).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import zipfile
from pathlib import Path

import lexicon_sources  # scripts/lexicon_sources.py: this script's directory is on sys.path when run
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "spinfix" / "data" / "lexicon" / "ngram3.npz"
LICENCE_MEMBER = "pocketsphinx-5.1.1.dist-info/licenses/LICENSE"
MEMBER = "pocketsphinx/model/en-us/en-us.lm.bin"
HEADER = b"Trie Language Model"
QUANT_BITS = 16
WORD_SHIFT = 17  # 2**17 = 131,072 > 72,547 words

#: log10 probability p is stored as round((p - PROB_MIN) * PROB_SCALE) in 0..255 (resolution 0.04).
PROB_MIN, PROB_SCALE = -10.0, 25.0
#: log10 backoff weight b as round((b - BO_MIN) * BO_SCALE) in 0..255 (resolution 0.02).
BO_MIN, BO_SCALE = -4.0, 50.0


def required_bits(value: int) -> int:
    return value.bit_length() if value else 0


def read_bits(mem: np.ndarray, offsets: np.ndarray, mask: int) -> np.ndarray:
    """The little-endian bit fields at ``offsets`` (bits) of ``mem``, 32 bits wide at most after shift
    (sphinxbase's ``bitarr_read_int25``)."""
    byte = offsets >> 3
    word = (mem[byte].astype(np.uint64) | (mem[byte + 1].astype(np.uint64) << 8)
            | (mem[byte + 2].astype(np.uint64) << 16) | (mem[byte + 3].astype(np.uint64) << 24))
    return ((word >> (offsets & 7).astype(np.uint64)) & np.uint64(mask)).astype(np.int64)


def quantise(values: np.ndarray, low: float, scale: float) -> np.ndarray:
    return np.clip(np.rint((values - low) * scale), 0, 255).astype(np.uint8)


def read_trie(data: bytes) -> dict[str, np.ndarray]:
    if not data.startswith(HEADER):
        raise SystemExit("not a sphinx trie language model")
    pos = len(HEADER)
    order = data[pos]
    pos += 1
    if order != 3:
        raise SystemExit(f"expected a trigram model, got order {order}")
    counts = np.frombuffer(data, "<u4", order, pos).astype(np.int64)
    pos += 4 * order
    pos += 4  # quantisation type (unused)
    n_values = (order - 2) * (2 << QUANT_BITS) + (1 << QUANT_BITS)
    values = np.frombuffer(data, "<f4", n_values, pos).astype(np.float64)
    pos += 4 * n_values
    mid_prob_bins = values[: 1 << QUANT_BITS]
    mid_bo_bins = values[1 << QUANT_BITS: 2 << QUANT_BITS]
    long_prob_bins = values[2 << QUANT_BITS:]
    n1, n2, n3 = (int(c) for c in counts)
    uni = np.frombuffer(data, np.dtype([("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")]), n1 + 1, pos)
    pos += 12 * (n1 + 1)
    word_bits = required_bits(n1)
    next_bits = required_bits(n3)
    mid_total = word_bits + 2 * QUANT_BITS + next_bits
    mid_size = ((1 + n2) * mid_total + 7) // 8 + 8
    long_total = word_bits + QUANT_BITS
    long_size = ((1 + n3) * long_total + 7) // 8 + 8
    mid = np.frombuffer(data, np.uint8, mid_size, pos)
    pos += mid_size
    longest = np.frombuffer(data, np.uint8, long_size, pos)
    pos += long_size
    (size,) = np.frombuffer(data, "<u4", 1, pos)
    pos += 4
    words = data[pos:pos + int(size)].split(b"\0")[:n1]
    vocab = [w.decode("utf-8") for w in words]

    # Probabilities and backoffs are logmath values (log base 1.0001) stored as floats; convert to log10.
    to10 = math.log10(1.0001)  # logmath integers, base 1.0001
    uni_prob = uni["prob"][:n1].astype(np.float64) * to10
    uni_bo = uni["bo"][:n1].astype(np.float64) * to10

    # Middle (bigram) entries: word, backoff (16 bits), prob (16 bits), next pointer.
    idx = np.arange(n2 + 1, dtype=np.int64)
    off = idx * mid_total
    mid_word = read_bits(mid, off[:-1], (1 << word_bits) - 1)
    mid_bo = mid_bo_bins[read_bits(mid, off[:-1] + word_bits, (1 << QUANT_BITS) - 1)] * to10
    mid_prob = mid_prob_bins[read_bits(mid, off[:-1] + word_bits + QUANT_BITS, (1 << QUANT_BITS) - 1)] * to10
    mid_next = read_bits(mid, off + word_bits + 2 * QUANT_BITS, (1 << next_bits) - 1)
    # The trie's root is the n-gram's last word: bigram entry j belongs to the unigram whose range holds j.
    uni_next = uni["next"].astype(np.int64)
    # The header's counts can exceed what the trie links (sphinxbase pads them when it adds missing
    # contexts): keep the entries reachable from the unigrams, and the trigrams reachable from those.
    n2 = int(uni_next[n1])
    mid_word, mid_bo, mid_prob = mid_word[:n2], mid_bo[:n2], mid_prob[:n2]
    mid_next = mid_next[: n2 + 1]
    n3 = int(mid_next[n2])
    mid_root = np.searchsorted(uni_next, np.arange(n2), side="right") - 1
    bi_key = (mid_word << WORD_SHIFT) | mid_root

    loff = np.arange(n3, dtype=np.int64) * long_total
    long_word = read_bits(longest, loff, (1 << word_bits) - 1)
    long_prob = long_prob_bins[read_bits(longest, loff + word_bits, (1 << QUANT_BITS) - 1)] * to10
    long_parent = np.searchsorted(mid_next, np.arange(n3), side="right") - 1  # middle entry j
    tri_key = (long_word << (2 * WORD_SHIFT)) | bi_key[long_parent]

    bi_order = np.argsort(bi_key, kind="stable")
    tri_order = np.argsort(tri_key, kind="stable")
    return {
        "vocab": vocab,  # type: ignore[dict-item]
        "uni_prob": uni_prob, "uni_bo": uni_bo,
        "bi_key": bi_key[bi_order], "bi_prob": mid_prob[bi_order], "bi_bo": mid_bo[bi_order],
        "tri_key": tri_key[tri_order], "tri_prob": long_prob[tri_order],
    }


def read_wheel(argv: list[str] | None, description: str, out: Path,
               member: str) -> tuple[argparse.Namespace, bytes, str]:
    """The command line of a script that reads the pocketsphinx wheel (``wheel``, ``--out`` defaulting to
    ``out``), the wheel's ``member`` and the CMU notice its licence asks to ship with what is made of it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("wheel", type=Path, help="the pocketsphinx 5.1.1 wheel (pip download --no-deps)")
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as zf:
        return args, zf.read(member), cmu_notice(zf.read(LICENCE_MEMBER).decode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    args, data, notice = read_wheel(argv, __doc__.split("\n\n")[0], OUT, MEMBER)
    print(f"{MEMBER}: {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    m = read_trie(data)
    vocab: list[str] = m["vocab"]  # type: ignore[assignment]
    print(f"{len(vocab):,} words, {len(m['bi_key']):,} bigrams, {len(m['tri_key']):,} trigrams")
    if len(np.unique(m["bi_key"])) != len(m["bi_key"]) or len(np.unique(m["tri_key"])) != len(m["tri_key"]):
        raise SystemExit("duplicate n-gram keys: the trie was misread")
    sys.path.insert(0, str(ROOT))
    from spinfix.evidence import trigrams_without_bigrams  # numpy and the package only: no data is read

    missing = trigrams_without_bigrams(m["bi_key"], m["tri_key"])
    if missing:
        raise SystemExit(f"{missing} trigrams lack their prefix or suffix bigram: the spin evidence assumes none do")
    from spinfix.arrays import write_arrays

    write_arrays(args.out, {
        "format": np.frombuffer(b"spinfix-ngram 2", np.uint8),
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), np.uint8),
        "uni_prob": quantise(m["uni_prob"], PROB_MIN, PROB_SCALE),
        "uni_bo": quantise(m["uni_bo"], BO_MIN, BO_SCALE),
        "bi_key": m["bi_key"].astype(np.uint64),
        "bi_prob": quantise(m["bi_prob"], PROB_MIN, PROB_SCALE),
        "bi_bo": quantise(m["bi_bo"], BO_MIN, BO_SCALE),
        "tri_key": m["tri_key"].astype(np.uint64),
        "tri_prob": quantise(m["tri_prob"], PROB_MIN, PROB_SCALE),
    })
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, "
          f"sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()})")
    n = len(m["bi_key"]) + len(m["tri_key"]) + len(vocab)
    entry = lexicon_sources.Entry.of(
        args.out,
        f"trigram model of US English: {len(vocab):,} words, {len(m['bi_key']):,} bigrams, "
        f"{len(m['tri_key']):,} trigrams, log10 values quantised to one byte",
        f"{n:,} n-grams",
        "CMU Sphinx `en-us.lm.bin` from the pocketsphinx 5.1.1 wheel (PyPI), converted by `scripts/build_ngram.py`",
        "BSD-2-Clause (Carnegie Mellon University), notice below",
        hash_note=f"(from `en-us.lm.bin` sha256 `{hashlib.sha256(data).hexdigest()}`)",
        notice=("CMU Sphinx US English language model", notice),
    )
    lexicon_sources.update(args.out.parent / "SOURCES.md", [entry], lexicon_sources.LEXICON_PREAMBLE)
    return 0


def cmu_notice(licence: str) -> str:
    """The CMU block of the wheel's LICENSE (it goes on with the WebRTC notice of code the model does not
    use): the BSD-2 licence asks binary distributions of the model to reproduce it."""
    end = licence.find("SUCH DAMAGE.")
    if not licence.startswith("Copyright (c) 1999-2016 Carnegie Mellon University") or end < 0:
        raise SystemExit(f"{LICENCE_MEMBER} changed: read it and update cmu_notice()")
    return licence[: end + len("SUCH DAMAGE.")]


if __name__ == "__main__":
    sys.exit(main())
