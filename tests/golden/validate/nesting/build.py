"""Nesting deep enough to crash a recursive parser, and merely too deep for content."""

from pathlib import Path


def build(root: Path) -> None:
    seminars = root / "seminars"
    seminars.mkdir(exist_ok=True)
    head = "---\ntitle: Deep\ndate: 2016\nthemes: "
    # 200,000 brackets: libyaml's composer recurses once per level and would overflow the
    # C stack (a crash, not an exception) long before the end.
    (seminars / "brackets.md").write_text(head + "[" * 200_000 + "]" * 200_000 + "\n---\n")
    (seminars / "dashes.md").write_text("---\n" + "- " * 200_000 + "x\n---\n")
    (seminars / "sixty-levels.md").write_text(head + "[" * 60 + "]" * 60 + "\n---\n")
    (seminars / "forty-levels.md").write_text(head + "[" * 40 + "]" * 40 + "\n---\n")
