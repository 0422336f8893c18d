"""Settings of ``mkdocs.yml`` that the pages and the contributor tools need, read without
MkDocs: the published address (``mkdocs serve`` replaces MkDocs' own ``site_url`` with its
local one, and a file written by the proposal form must point at the published site), and
the address that proposals may be emailed to (``extra.proposal_email``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

#: An email address as a maintainer writes it: nothing that could break out of a link.
_EMAIL = re.compile(r"[^@\s<>\"'&?#/\\:;,()\[\]]+@[^@\s<>\"'&?#/\\:;,()\[\]]+\.[a-z]{2,}\Z",
                    re.I | re.A)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name and !ENV tags are not needed here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """The settings in a MkDocs configuration file, or {} when it cannot be read."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def site_setting(root: Path, key: str) -> str | None:
    """A text setting of ``root/mkdocs.yml`` (``site_url``, ``repo_url``), or None."""
    value = read_config(root / "mkdocs.yml").get(key)
    return value if isinstance(value, str) and value.strip() else None


def proposal_email(extra: Any) -> tuple[str | None, str | None]:
    """The address in ``extra.proposal_email`` (None when unset), and a problem to report
    when it is set but not a plain email address (it is then not shown)."""
    value = extra.get("proposal_email") if isinstance(extra, Mapping) else None
    if value in (None, ""):
        return None, None
    if isinstance(value, str) and _EMAIL.match(value.strip()):
        return value.strip(), None
    return None, (f"extra.proposal_email in mkdocs.yml must be one email address such as "
                  f"proposals@example.org; got {str(value)[:80]!r}, so the proposal page "
                  "offers no email route")
