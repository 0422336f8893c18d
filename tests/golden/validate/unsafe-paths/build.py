"""Links out of the knowledge base (git on some systems cannot store links)."""

from pathlib import Path


def build(root: Path) -> None:
    outside = root.parent / "outside-the-knowledge-base.md"
    outside.write_text("---\ntitle: Private notes\ndate: 2016\n---\n")
    (root / "seminars" / "linked-out.md").symlink_to(outside)
    # A link that stays inside the knowledge base is read like any file.
    (root / "case_studies" / "linked-in.md").symlink_to(root / "seminars" / "notes.txt")
