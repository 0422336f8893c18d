"""A record over the 1 MiB limit (too big to keep in git), and one just under it whose bulk
is YAML comments (a body that long would be over the body limit, reported on its own)."""

from pathlib import Path


def build(root: Path) -> None:
    seminars = root / "seminars"
    seminars.mkdir(exist_ok=True)
    text = "---\ntitle: Huge\ndate: 2016\n---\n\n" + "A paragraph of text.\n" * 50_000
    (seminars / "huge.md").write_text(text)
    tail = "---\n\nA paragraph of text.\n"
    head = "---\ntitle: Just under\ndate: 2016\n"
    padding = "# a comment\n" * ((1024 * 1024 - len(head) - len(tail)) // 12)
    (seminars / "just-under.md").write_text(head + padding + tail)
