"""Tortured phrases that are legitimate where they stand: a field's own terms, left alone in that field.

A few phrases of the Problematic Paper Screener's list are tortured only in computing: "brain organization"
for *neural network*, "feedback processing" for *back propagation*, "facial expression processing" for
*facial expression recognition*. In a neuroscience or psychology paper the same words are ordinary terms
with a meaning of their own ("brain organization in adult mice"), and "malignant growth" is a literal
description of a tumour in medicine. A research-integrity screener that flags them there accuses an honest
paper. ``data/tables/legitimate.tsv`` lists such phrases with the field that uses them.

A listed phrase is dropped when both hold:

* **its passage reads as that field**: its paragraph (the whole document when the paragraph has fewer
  than ``FIELD_MIN_WORDS`` words) holds at least ``FIELD_MIN_CUES`` words of the field's vocabulary
  (:data:`LIFE_CUES`) and more of them than of computing's (:data:`COMPUTING_CUES`), the tortured field;
* **nothing else says paper mill**: no other tortured phrase of the table, listed here or not, with
  confidence of at least ``CORROBORATING_CONFIDENCE`` occurs in the document. Paper mills use many
  tortured phrases at once; a real neuroscience paper has none.

The cue lists avoid the words of the listed phrases themselves ("brain", "neural", "processing"), so a
phrase never argues for its own legitimacy.
"""

from __future__ import annotations

import bisect
from functools import cache
from importlib import resources as package_files
from pathlib import Path

from ..candidates import Candidate
from ..errors import PhraseTableError
from ..text import PARAGRAPH_BREAK, WORD

FORMAT = "#spinfix-legitimate 1"
#: The fields a listed phrase may belong to, with the vocabulary that shows a passage is written in it.
LIFE_CUES = frozenset((
    "patient", "patients", "clinical", "clinically", "cell", "cells", "tissue", "tissues", "tumour", "tumours",
    "tumor", "tumors", "biopsy", "mice", "mouse", "rat", "rats", "cortex", "cortical", "neuron", "neurons",
    "neuronal", "synaptic", "hippocampus", "hippocampal", "amygdala", "fusiform", "thalamus", "cerebellum",
    "hemisphere", "hemispheres", "lesion", "lesions", "anatomy", "anatomical", "mri", "fmri", "eeg", "meg",
    "imaging", "participants", "subjects", "auditory", "sensory", "perceptual", "perception", "cognitive",
    "cognition", "behavioural", "behavioral", "emotion", "emotional", "aphasia", "autism", "schizophrenia",
    "disorder", "disorders", "disease", "diseases", "diagnosis", "diagnosed", "treatment", "therapy",
    "surgery", "surgical", "carcinoma", "metastasis", "metastatic", "chemotherapy", "oncology", "benign",
    "gene", "genes", "genetic", "protein", "proteins", "species", "infants", "children", "adults", "adult",
    "healthy", "controls", "stimulus", "stimuli", "speech", "motor", "developmental", "psychology",
    "psychological", "neuroscience", "physiology", "physiological", "organism", "organisms",
))
COMPUTING_CUES = frozenset((
    "network", "networks", "algorithm", "algorithms", "dataset", "datasets", "training", "trained", "train",
    "accuracy", "classifier", "classifiers", "classification", "convolutional", "layer", "layers", "epoch",
    "epochs", "gradient", "optimization", "optimisation", "optimizer", "computing", "computer", "computational",
    "software", "hardware", "machine", "deep", "supervised", "unsupervised", "prediction", "predict",
    "pixel", "pixels", "iot", "cloud", "wireless", "sensor", "sensors", "node", "nodes", "weights",
    "backpropagation", "propagation", "recognition", "precision", "recall", "benchmark", "implementation",
))
FIELDS = {"life": LIFE_CUES}
#: A paragraph with fewer words than this is judged with its whole document.
FIELD_MIN_WORDS = 40
#: Field words needed before a passage counts as written in the field.
FIELD_MIN_CUES = 2
#: A tortured phrase at least this confident elsewhere in the document says "paper mill".
CORROBORATING_CONFIDENCE = 0.8

_PATH = Path(str(package_files.files("spinfix") / "data" / "tables" / "legitimate.tsv"))


def parse_legitimate(data: bytes, name: str) -> dict[str, str]:
    """phrase -> field from the bytes of a legitimate-phrase file; each problem is ``name:line: reason``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PhraseTableError(name, None, f"not UTF-8 (byte {exc.start})") from exc
    lines = text.splitlines()
    if not lines or lines[0].strip() != FORMAT:
        raise PhraseTableError(name, 1, f"expected the header {FORMAT!r}")
    out: dict[str, str] = {}
    for number, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise PhraseTableError(name, number, f"expected 3 tab-separated fields, found {len(fields)}")
        phrase, field, _why = (f.strip() for f in fields)
        if not phrase or phrase != " ".join(phrase.lower().split()):
            raise PhraseTableError(name, number, "the phrase must be lower case with single spaces")
        if field not in FIELDS:
            raise PhraseTableError(name, number, f"unknown field {field!r} (known: {', '.join(sorted(FIELDS))})")
        if phrase in out:
            raise PhraseTableError(name, number, f"{phrase!r} is listed twice")
        out[phrase] = field
    return out


@cache
def shipped_legitimate() -> dict[str, str]:
    """The shipped list (``data/tables/legitimate.tsv``)."""
    return parse_legitimate(_PATH.read_bytes(), str(_PATH))


def _reads_as(words: list[str], field: str) -> bool:
    cues = FIELDS[field]
    own = sum(1 for w in words if w in cues)
    return own >= FIELD_MIN_CUES and own > sum(1 for w in words if w in COMPUTING_CUES)


def drop_legitimate_uses(text: str, norm: str, cands: list[Candidate], spun_forms: list[str],
                         listed: dict[str, str] | None = None) -> list[Candidate]:
    """``cands`` without the listed phrases that are legitimate where they stand (see the module doc).

    ``spun_forms[i]`` is the table row's spun phrase behind ``cands[i]`` (the matched text may be an
    inflection of it).
    """
    listed = shipped_legitimate() if listed is None else listed
    at_risk = [i for i, (c, spun) in enumerate(zip(cands, spun_forms, strict=True))
               if c.kind == "tortured" and spun in listed]
    if not at_risk:
        return cands
    corroborated = any(c.kind == "tortured" and c.prior >= CORROBORATING_CONFIDENCE and spun not in listed
                       for c, spun in zip(cands, spun_forms, strict=True))
    if corroborated:
        return cands
    breaks = [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text)), len(text)]
    doc_words: list[str] | None = None
    # Each paragraph is read once per field, however many listed phrases it holds: a text repeating one
    # phrase must stay linear.
    verdicts: dict[tuple[int, str], bool] = {}
    drop: set[int] = set()
    for i in at_risk:
        k = min(len(breaks) - 1, bisect.bisect_right(breaks, cands[i].start))
        field = listed[spun_forms[i]]
        verdict = verdicts.get((k, field))
        if verdict is None:
            words = WORD.findall(norm, breaks[k - 1], breaks[k])
            if len(words) < FIELD_MIN_WORDS:
                if doc_words is None:
                    doc_words = WORD.findall(norm)
                words = doc_words
            verdict = verdicts[(k, field)] = _reads_as(words, field)
        if verdict:
            drop.add(i)
    return [c for i, c in enumerate(cands) if i not in drop]
