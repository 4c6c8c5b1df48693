"""Tortured phrases that are another field's own terms (spinfix/sources/legitimate.py): left alone where
the text reads as that field and nothing else in the document looks like a paper mill's, restored where
the text is about computing or other tortured phrases stand beside them. The sentences are written for
these tests."""

from __future__ import annotations

import pytest

import spinfix
from spinfix import Config, PhraseTableError, Restorer
from spinfix.sources.legitimate import FORMAT, parse_legitimate, shipped_legitimate

LEGITIMATE = [
    "We study brain organization in adult mice using diffusion imaging.",
    "Auditory feedback processing was impaired in patients with aphasia.",
    "Facial expression processing relies on the amygdala and the fusiform face area.",
    "The tumour was classified as a malignant growth after biopsy.",
    "The neural organization of the visual cortex differs between species.",
]
TORTURED = [
    ("The brain organization was trained on the dataset and reached high accuracy.",
     "The neural network was trained on the dataset and reached high accuracy."),
    ("Feedback processing updates the weights of each layer during training.",
     "Back propagation updates the weights of each layer during training."),
    ("Facial expression processing achieves high accuracy on the benchmark dataset.",
     "Facial expression recognition achieves high accuracy on the benchmark dataset."),
    ("We trained a neural organization model on the images.", "We trained a neural network model on the images."),
    # In a life-science sentence, but beside another tortured phrase: a paper mill's, restored.
    ("A profound learning model with a brain organization detects tumour cells in biopsy images of mice.",
     "A deep learning model with a neural network detects tumour cells in biopsy images of mice."),
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_a_fields_own_term_is_left_alone(text: str) -> None:
    assert spinfix.restore(text) == text
    assert not [f for f in spinfix.detect(text) if f.kind == "tortured"]


@pytest.mark.parametrize(("text", "expected"), TORTURED)
def test_the_same_phrase_in_computing_or_beside_other_tortured_phrases_is_restored(text: str, expected: str) -> None:
    assert spinfix.restore(text) == expected


def test_a_long_paragraph_is_judged_on_its_own() -> None:
    """A neuroscience paragraph keeps its term although the next paragraph is about computing."""
    life = ("Brain organization differs between the hemispheres. In patients with lesions of the left "
            "cortex, speech perception and auditory processing were impaired, while healthy controls and "
            "adults with right hemisphere lesions performed normally on every stimulus set, as the "
            "clinical assessments and imaging of each participant in the study confirmed.")
    computing = ("The classifier was trained for ten epochs on the dataset with a gradient method, and "
                 "its accuracy and recall were measured on a held-out benchmark after training on the "
                 "computer cluster, with the same network and software for every run of the algorithm.")
    assert spinfix.restore(life + "\n\n" + computing) == life + "\n\n" + computing


def test_news_only_configuration_never_sees_them() -> None:
    text = LEGITIMATE[0]
    assert Restorer(Config(domains=frozenset({"news"}))).restore(text) == text


def test_the_shipped_list_names_only_phrases_the_science_table_lists() -> None:
    listed = shipped_legitimate()
    assert listed and set(listed.values()) == {"life"}
    from importlib import resources

    from spinfix.table import parse_table

    data = (resources.files("spinfix") / "data" / "tables" / "science_pps.tsv").read_bytes()
    spun = {row.spun for row in parse_table(data, "science_pps.tsv")}
    assert set(listed) <= spun


@pytest.mark.parametrize(("body", "reason"), [
    (b"brain organization\tlife\n", "expected the header"),
    (FORMAT.encode() + b"\nbrain organization\tlife\n", "expected 3 tab-separated fields"),
    (FORMAT.encode() + b"\nBrain  Organization\tlife\twhy\n", "lower case with single spaces"),
    (FORMAT.encode() + b"\nbrain organization\tlaw\twhy\n", "unknown field 'law'"),
    (FORMAT.encode() + b"\na b\tlife\twhy\na b\tlife\twhy\n", "listed twice"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_a_broken_list_names_the_line(body: bytes, reason: str) -> None:
    with pytest.raises(PhraseTableError, match=reason) as err:
        parse_legitimate(body, "legit.tsv")
    assert str(err.value).startswith("legit.tsv")
