"""Files whose bytes matter, written here so that no editor or git setting can change them."""

from pathlib import Path

SEMINAR = "---\ntitle: {title}\ndate: 2016\nnumber: {number}\n---\n\nText.\n"


def build(root: Path) -> None:
    seminars = root / "seminars"
    seminars.mkdir(exist_ok=True)
    good = SEMINAR.format(title="Fine", number=1)
    # A byte order mark and Windows line endings are both fine.
    (seminars / "bom.md").write_bytes(b"\xef\xbb\xbf" + good.encode())
    (seminars / "crlf.md").write_bytes(good.replace("\n", "\r\n").encode())
    # Line numbers count lines the way editors do, whatever the line endings.
    bad = SEMINAR.format(title="Line four is wrong", number="many")
    (seminars / "crlf-line-numbers.md").write_bytes(bad.replace("\n", "\r\n").encode())
    (seminars / "cr-line-numbers.md").write_bytes(bad.replace("\n", "\r").encode())
    # YAML also breaks lines at U+2028 and U+0085, editors do not: still line 4.
    odd = SEMINAR.format(title='"A line\u2028separator and a next\u0085line"', number="many")
    (seminars / "odd-line-breaks.md").write_bytes(odd.encode())
    # Not UTF-8: the byte offset counts from the start of the file, BOM included.
    latin1 = SEMINAR.format(title="Caf\xe9 society", number=1).encode("latin-1")
    (seminars / "latin-1.md").write_bytes(b"\xef\xbb\xbf" + latin1)
    (seminars / "utf-16.md").write_bytes(good.encode("utf-16"))
    # A control character (a form feed from a PDF) is not allowed in YAML.
    control = SEMINAR.format(title="Copied from a PDF\x0c", number=1)
    (seminars / "control-character.md").write_bytes(control.encode())
