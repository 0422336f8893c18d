"""Format diagnostics for people (text), GitHub Actions (annotations) and programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import Diagnostic


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per problem, then a summary line."""
    lines = [d.format() for d in diagnostics]
    lines.append(summary(diagnostics))
    return "\n".join(lines)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``3 errors and 1 warning in 2 files.``; notices (new names, which fail nothing) are
    counted after them when there are any."""
    errors = sum(d.level == "error" for d in diagnostics)
    notices = sum(d.level == "notice" for d in diagnostics)
    warnings = len(diagnostics) - errors - notices
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return "No problems found."
    counts = f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
    if notices:
        counts = (f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} and "
                  f"{_plural(notices, 'notice')}")
    return f"{counts} in {_plural(files, 'file')}."


def fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    """Whether a check fails: on any error, and with ``strict`` on any warning too. Notices
    never fail one."""
    failing = ("error", "warning") if strict else ("error",)
    return any(d.level in failing for d in diagnostics)


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub workflow commands, so problems show on the lines of a pull request (``::error``,
    ``::warning`` and ``::notice``, GitHub's three levels of annotation)."""
    out = []
    for d in diagnostics:
        line = f",line={d.line}" if d.line else ""
        title = _escape_property(f"{d.code}")
        out.append(f"::{d.level} file={_escape_property(d.path)}{line},title={title}::"
                   f"{_escape_data(d.message)}")
    out.append(summary(diagnostics))
    return "\n".join(out)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with path, line, level, code and message."""
    return json.dumps([{"path": d.path, "line": d.line, "level": d.level, "code": d.code,
                        "message": d.message} for d in diagnostics], indent=2, ensure_ascii=False)


FORMATS = {"text": format_text, "github": format_github, "json": format_json}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
