"""The reviewer's HTML report: ``spinfix check --html``, ``spinfix scan --html`` and :func:`report_html`.

:mod:`spinfix.report.render` builds the page; its stylesheet and script are the package data files
``report.css`` and ``report.js`` beside it, inlined into every page (which stays self-contained).
"""

from .render import ReportDocument, render_corpus_report, render_report, report_html, report_paragraphs

__all__ = ["ReportDocument", "render_corpus_report", "render_report", "report_html", "report_paragraphs"]
