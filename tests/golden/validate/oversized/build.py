"""A record over the 1 MiB limit (too big to keep in git)."""

from pathlib import Path


def build(root: Path) -> None:
    seminars = root / "seminars"
    seminars.mkdir(exist_ok=True)
    text = "---\ntitle: Huge\ndate: 2016\n---\n\n" + "A paragraph of text.\n" * 50_000
    (seminars / "huge.md").write_text(text)
    (seminars / "just-under.md").write_text(text[:1024 * 1024])
