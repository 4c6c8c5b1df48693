"""Corpus scanner (placeholder until the scanner lands): flags and entry point of ``spinfix scan``."""

from __future__ import annotations

import argparse
from typing import IO

from .config import Config


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+")


def run_scan(args: argparse.Namespace, config: Config, out: IO[str]) -> int:
    raise NotImplementedError("spinfix scan is not implemented yet")
