"""Where the download files go: a folder on disk (the site, ``kb pages``, ``kb export``) or
memory (tests and small uses). The writers and the package read and write through one
interface, so both give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

#: Bytes read at a time when a file is read back (hashing, zipping).
BLOCK = 1 << 20


class Files:
    """Files by name (``csv/nodes.csv``), written under ``root``, or kept in memory when
    ``root`` is None."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.names: list[str] = []
        self._kept: dict[str, bytes] = {}
        self._digests: dict[str, str] = {}

    @contextmanager
    def create(self, name: str, digest: bool = True) -> Iterator[BinaryIO]:
        """A binary stream for a new file, closed (and the file recorded) afterwards. With
        ``digest``, its SHA-256 is taken as it is written (the stream cannot seek)."""
        if self.root is None:
            buffer = io.BytesIO()
            yield buffer
            self._kept[name] = buffer.getvalue()
        else:
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb", buffering=0) as raw:
                out = _Digesting(raw) if digest else io.BufferedWriter(raw, BLOCK)
                with out:
                    yield out
                if isinstance(out, _Digesting):
                    self._digests[name] = out.digest.hexdigest()
        if name not in self.names:
            self.names.append(name)

    def adopt(self, name: str, digest: str) -> None:
        """Record the file ``name``, written under ``root`` by another process, and its
        SHA-256."""
        assert self.root is not None and (self.root / name).is_file(), name
        self._digests[name] = digest
        if name not in self.names:
            self.names.append(name)

    def open(self, name: str) -> BinaryIO:
        """A written file, to read back."""
        if self.root is None:
            return io.BytesIO(self._kept[name])
        return (self.root / name).open("rb")

    def size(self, name: str) -> int:
        if self.root is None:
            return len(self._kept[name])
        return (self.root / name).stat().st_size

    def sha256(self, name: str) -> str:
        if name in self._digests:
            return self._digests[name]
        digest = hashlib.sha256()
        with self.open(name) as source:
            while block := source.read(BLOCK):
                digest.update(block)
        return digest.hexdigest()

    def first_line(self, name: str) -> bytes:
        with self.open(name) as source:
            return source.readline().rstrip(b"\n")

    def contents(self) -> dict[str, bytes]:
        """Every file's bytes (memory only)."""
        assert self.root is None, "files on disk are read from their paths"
        return {name: self._kept[name] for name in self.names}

    def paths(self) -> dict[str, Path]:
        """Every file's path (disk only)."""
        assert self.root is not None, "files kept in memory have no path"
        return {name: self.root / name for name in self.names}


class _Digesting(io.BufferedWriter):
    """A buffered file that hashes what is written to it on the way (so that the package
    need not read the file back)."""

    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__(raw, BLOCK)
        self.digest = hashlib.sha256()

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return super().write(data)

    def seekable(self) -> bool:
        return False  # a seek would rewrite what was hashed
