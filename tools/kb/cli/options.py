"""What every ``kb`` command shares: the ``--root`` option and the one knowledge-base check."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from ..corpus import Corpus
from ..gate import gate_for, report
from ..kinds import COLLECTIONS

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def staging(output: Path) -> Iterator[Path]:
    """A temporary folder for files made before the output gate has read them: beside
    ``output`` when its folder exists (so that moving a file into place is a rename), else in
    the system's temporary folder. It is removed afterwards, whatever happens."""
    parent = output.parent if output.parent.is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix=".kb-staging-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


#: A folder with one of these is a knowledge base (the content folders of the content model).
CONTENT_FOLDERS = (*COLLECTIONS, "registries")


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding mkdocs.yml or registries/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "registries").is_dir():
            return folder
    return start


def knowledge_base(root: Path | None) -> Path:
    """The knowledge base folder: ``--root`` or the nearest one; a usage error (exit 2) if the
    folder holds no content folder, so that every command refuses a wrong folder alike."""
    root = (root or find_root(Path.cwd())).resolve()
    if not any((root / folder).is_dir() for folder in CONTENT_FOLDERS):
        raise click.UsageError(
            f"there is no knowledge base at {root}: it has no seminars/, "
            "case_studies/ or registries/ folder; run kb inside the "
            "knowledge base or give its folder with --root"
        )
    return root


root_option: Callable[[F], F] = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The knowledge base folder (default: the nearest folder with "
    "mkdocs.yml above the current one).",
)


def gate_outputs(corpus: Corpus, files: Iterable[tuple[str, bytes | Path]]) -> None:
    """Fail, before anything is written, when an output carries a protected name (kb.gate).
    ``files`` are bytes or files on disk (the gate reads those a piece at a time)."""
    findings = gate_for(corpus.entities("people").values()).check_files(files)
    if findings:
        raise click.ClickException(report(findings) + "\nNothing was written.")
