"""Issue 15, item 5: the pandas helpers; missing values are handled here, the core stays strict."""

from __future__ import annotations

import math

import pytest

import spinfix

pd = pytest.importorskip("pandas")

from spinfix.integrations.pandas import restore_series, score_frame  # noqa: E402

TEXTS = ["Personal corporations have an extended relationship.", "Nothing here is spun.", None,
         "Shares rose zero.5 %.", float("nan")]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"text": TEXTS, "id": range(5)}, index=[10, 20, 30, 40, 50])


def test_score_frame_columns_index_and_values(frame: pd.DataFrame, small: spinfix.Restorer) -> None:
    out = score_frame(frame, "text", restorer=small)
    assert list(out.columns) == ["spinfix_score", "spinfix_verdict", "spinfix_n_findings"]
    assert list(out.index) == [10, 20, 30, 40, 50]
    for label, text in zip(frame.index, TEXTS):
        row = out.loc[label]
        if isinstance(text, str):
            s = small.spin_score(text)
            assert (row.spinfix_score, row.spinfix_verdict, row.spinfix_n_findings) == (s.score, s.verdict, s.findings)
        else:
            assert math.isnan(row.spinfix_score) and row.spinfix_verdict is None
            assert math.isnan(row.spinfix_n_findings)
    joined = frame.join(out)
    assert joined.loc[40, "spinfix_n_findings"] == 1


@pytest.mark.parametrize("how", ["blank", "line"])
def test_score_frame_adds_paragraph_scores(small: spinfix.Restorer, how: str) -> None:
    """``paragraphs=`` adds the dicts ``scan --paragraphs`` writes; missing texts get None; the other
    columns are as without it."""
    texts = ["Nothing here is spun.\n\nShares rose zero.5 %.\nPersonal corporations grew.", None,
             "Shares rose zero.5 %."]
    frame = pd.DataFrame({"text": texts}, index=[3, 2, 1])
    out = score_frame(frame, "text", restorer=small, paragraphs=how)
    plain = score_frame(frame, "text", restorer=small)
    assert out.drop(columns="spinfix_paragraphs").equals(plain)
    assert out["spinfix_paragraphs"].tolist() == [
        [p.to_dict() for p in small.paragraph_scores(t, lines=how == "line")] if t else None for t in texts]
    assert len(out.loc[3, "spinfix_paragraphs"]) == (3 if how == "line" else 2)
    with pytest.raises(ValueError, match="paragraphs must be"):
        score_frame(frame, "text", restorer=small, paragraphs="lines")


def test_score_frame_integer_counts_without_missing_rows(small: spinfix.Restorer) -> None:
    out = score_frame(pd.DataFrame({"t": ["Shares rose zero.5 %.", "ok"]}), "t", restorer=small)
    assert str(out["spinfix_n_findings"].dtype) == "int64"


def test_restore_series_keeps_index_name_and_missing(frame: pd.DataFrame, small: spinfix.Restorer) -> None:
    out = restore_series(frame["text"], restorer=small)
    assert out.name == "text" and list(out.index) == list(frame.index)
    assert out[10] == "Private companies have a long relationship." and out[40] == "Shares rose 0.5 %."
    assert pd.isna(out[30]) and pd.isna(out[50])  # missing stays missing (pandas may have made None NaN)
    objects = pd.Series(["Shares rose zero.5 %.", None], dtype="object")
    assert restore_series(objects, restorer=small).tolist() == ["Shares rose 0.5 %.", None]


def test_pd_na_is_missing(small: spinfix.Restorer) -> None:
    s = pd.Series(["Shares rose zero.5 %.", pd.NA], dtype="string")
    assert restore_series(s, restorer=small).tolist()[1] is pd.NA
    assert score_frame(s.to_frame("t"), "t", restorer=small)["spinfix_verdict"].tolist()[1] is None


@pytest.mark.parametrize("dtype", ["string", "string[pyarrow]", "str", "object"])
def test_restore_series_keeps_the_dtype(small: spinfix.Restorer, dtype: str) -> None:
    """A text column restored in place keeps its type: pandas' string dtypes (pandas 3 infers ``str``
    for text) come back as they went in, missing values as that dtype's NA."""
    try:
        s = pd.Series(["Shares rose zero.5 %.", None, "A plain sentence."], dtype=dtype, name="t")
    except (TypeError, ImportError):  # "str" before pandas 3, "string[pyarrow]" without pyarrow
        pytest.skip(f"this pandas has no {dtype!r} dtype")
    out = restore_series(s, restorer=small)
    assert out.dtype == s.dtype and out.name == "t"
    assert out[0] == "Shares rose 0.5 %." and out[2] == "A plain sentence." and pd.isna(out[1])


def test_non_text_values_name_the_row(small: spinfix.Restorer) -> None:
    df = pd.DataFrame({"t": ["fine", 42, b"bytes"]}, index=["a", "b", "c"])
    with pytest.raises(TypeError, match="row 'b': spinfix works on str, got int"):
        score_frame(df, "t", restorer=small)
    with pytest.raises(TypeError, match=r"row 'c'.*decode it first"):
        restore_series(df["t"].drop("b"), restorer=small)
    with pytest.raises(KeyError, match="no column 'missing'"):
        score_frame(df, "missing", restorer=small)


def test_core_batch_api_stays_strict() -> None:
    with pytest.raises(TypeError):
        spinfix.restore_batch(["ok", None])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        spinfix.spin_score_batch([float("nan")])  # type: ignore[list-item]


def test_progress_bar(frame: pd.DataFrame, small: spinfix.Restorer, capsys) -> None:
    pytest.importorskip("tqdm")
    out = score_frame(frame, "text", restorer=small, progress=True)
    assert len(out) == 5
    assert "spinfix score" in capsys.readouterr().err


def test_default_restorer_is_used(small: spinfix.Restorer) -> None:
    out = restore_series(pd.Series(["Shares rose zero.5 % on Wall Avenue."]))
    assert out[0] == spinfix.restore("Shares rose zero.5 % on Wall Avenue.")
