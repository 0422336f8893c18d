"""The output gate reads a file a piece at a time (kb.gate_read): the same findings as reading
it whole, in memory that does not grow with the file, whatever a piece's end cuts through."""

from __future__ import annotations

import gzip
import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kb.gate
import kb.gate_read
from kb.gate import OutputGate, labelled_forms

GATE = OutputGate(labelled_forms("Wendy Quillfeather"))
NAME = "Wendy Quillfeather"

#: Text that decodes, strips and folds in every way the gate knows, names and parts of them.
FRAGMENTS = st.sampled_from([
    "Wendy", "Quillfeather", "Wen", "dy", "Quill", "feather", "W", " ", " ", "\n", "\n", "\n",
    "<b>", "</b>", "<b", ">", "<", "<!--", "-->", "<!-- x -->", "&lt;", "&gt;", "&lt;b",
    "&amp;", "&#x57;", "&#87;", "&amp;lt;", "%3C", "%3E", "%57", "%20", "%0A", "\\n", "\\u0057",
    "\\u003c", "\\", "'s", "\u0430", "\u200b", "\u00e9", "e\u0301", "x", "100%", "&", ";",
    "Ms", "W.", ",", "title=\"", "\"",
    # whole names split by what a piece's end may cut through
    "Wendy\nQuillfeather", "Wendy Quillfeather", "Wen<b\n>dy Quillfeather",
    "Wen&lt;b\n&gt;dy Quillfeather", "Wen<!--\n-->dy Quillfeather", "Quillfeather\nWendy"])


@settings(max_examples=600, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join), st.integers(1, 24), st.data())
def test_reading_in_pieces_finds_what_reading_whole_finds(text, size, data):
    """Pieces of a few characters, the text given in random parts: the answer (which form,
    or none) is the answer for the whole text, for every text the fragments can make."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    slice_was, kb.gate.SLICE = kb.gate.SLICE, data.draw(st.integers(1, 16))  # folded in slices
    try:
        assert GATE.find_pieces(parts, size) == GATE.find(text)
        assert GATE.find_in(io.BytesIO(text.encode()), size) == GATE.find(text)
    finally:
        kb.gate.SLICE = slice_was


def _at_boundary(before: str, after: str, size: int = 64) -> str:
    """``before`` (a line break or space at its end) padded so that the first piece ends just
    after it, then ``after``."""
    # the first piece ends after its last line break, or its last space if it has none
    text = "." * (size - len(before) - 1) + ("\n" if before[-1] == "\n" else " ") + before
    assert len(text) == size and text[-1] in "\n "
    return text + after + "\nand the rest of the file\n" * 6


BOUNDARIES = {
    "plain, a line break between the names": ("Wendy\n", "Quillfeather"),
    "plain, a space between the names": ("Wendy ", "Quillfeather"),
    "escaped names": ("&#x57;endy\n", "Quill&shy;feather"),
    "a tag across the end, joining a name": ("Wen<b\n", ">dy Quillfeather"),
    "a comment across the end, joining a name": ("Wen<!--\n", "-->dy Quillfeather"),
    "an escaped tag that a second round removes": ("Wen&lt;b\n", "&gt;dy Quillfeather"),
    "a name in an attribute over two pieces": ('<p title="Wendy\n', 'Quillfeather">x</p>'),
    "a possessive at the start of a piece": ("Wendy\n", "Quillfeather's report"),
}


@pytest.mark.parametrize("case", BOUNDARIES)
def test_a_name_across_the_end_of_a_piece_is_found(case, monkeypatch, tmp_path):
    """The first piece ends exactly inside the name (or the tag that hides it), in a plain
    file, a gzip file and a zip member."""
    text = _at_boundary(*BOUNDARIES[case])
    whole = GATE.find(text)
    assert whole
    monkeypatch.setattr(kb.gate_read, "PIECE", 64)
    monkeypatch.setattr(kb.gate_read, "BLOCK", 16)
    (tmp_path / "page.html").write_text(text)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(text.encode()))
    with zipfile.ZipFile(tmp_path / "data.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "nothing\n")
        # the member's text starts after "a.txt\nnothing\n\nb.txt\n" (22 characters)
        archive.writestr("b.txt", text[22:])
    assert GATE.find("a.txt\nnothing\n\nb.txt\n" + text[22:]) == whole
    findings = GATE.check_tree(tmp_path)
    assert [(f.path, f.kind) for f in findings] == [
        ("data.zip", whole), ("page.html", whole), ("page.html.gz", whole)]


def test_a_piece_ends_only_where_decoding_it_alone_is_decoding_it_whole():
    """Every name above is split by the end of the first piece: without the piece held while
    a tag or comment is open, or without the end of one piece searched with the next, the
    name is missed (each assertion checks that the case is a real one)."""
    for before, after in BOUNDARIES.values():
        text = _at_boundary(before, after)
        assert not GATE.find(text[:64]) and not GATE.find(text[64:])


def _large_file(path: Path, megabytes: int) -> None:
    line = "<node id=\"n{}\" label=\"Somebody Else &amp; Co\"><attvalue for=\"0\" value=\"x\"/>\n"
    with path.open("w") as out:
        for block in range(megabytes):
            out.write("".join(line.format(block * 20000 + i) for i in range(13000)))
    with path.open("a") as out:
        out.write("<!-- at the very end -->Wendy\nQuillfeather\n")


def test_a_large_file_is_read_in_bounded_memory(tmp_path, monkeypatch):
    """A file of about 40 MB, and a zip holding it, are read in pieces of 1 MiB: the gate's
    peak memory stays near a few pieces, not the file, and the name at its end is found."""
    for name in ("network.gexf", "all.zip"):
        (tmp_path / name).mkdir()
    _large_file(tmp_path / "network.gexf" / "network.gexf", 40)
    with zipfile.ZipFile(tmp_path / "all.zip" / "all.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(tmp_path / "network.gexf" / "network.gexf", "data/network.gexf")
    monkeypatch.setattr(kb.gate_read, "PIECE", 1 << 20)
    for name in ("network.gexf", "all.zip"):
        gate = OutputGate(labelled_forms(NAME))
        tracemalloc.start()
        findings = gate.check_tree(tmp_path / name)  # as the site build reads its files
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert [f.kind for f in findings] == ["full name"]
        assert peak < 16 * 2**20, f"{name}: {peak / 2**20:.0f} MiB"


def _first_by_pattern(gate: OutputGate, data: bytes) -> str | None:
    """The first form by a regular expression of every form (longest first), whole words."""
    forms = b"|".join(re.escape(f) for f in sorted(gate.kinds, key=len, reverse=True))
    match = re.search(rb"(?<![a-z0-9])(?:" + forms + rb")(?![a-z0-9])", data)
    return gate.kinds[match.group()] if match else None


WORDS = st.sampled_from(["wendy", "quillfeather", "wendyquillfeather", "w", "ms", "x", "wendyx",
                         "xquillfeather", "quill", "feather", "quillfeathers", "0", "wendy0"])


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_the_one_pass_search_finds_the_first_form_as_a_pattern_would(data):
    """The search finds every form in one pass (Aho-Corasick) and keeps those that are whole
    words: the first (and, where several begin there, the longest), as a regular expression
    of all the forms would find it."""
    gate = OutputGate(labelled_forms(NAME))
    assert gate._search(data.encode()) == _first_by_pattern(gate, data.encode())


def test_a_name_before_a_damaged_member_of_a_zip_is_found(tmp_path, monkeypatch):
    """A zip whose second member is damaged (a bad CRC): the pieces of the first member were
    searched before the damage shows, so its name is found (reading the zip whole, the gate
    gave up on it and searched its deflated bytes); the bytes are then searched as they are."""
    monkeypatch.setattr(kb.gate_read, "PIECE", 64)
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "Wendy Quillfeather " * 20, zipfile.ZIP_DEFLATED)
        archive.writestr("b.txt", "plain text\n" * 20, zipfile.ZIP_STORED)
    path.write_bytes(path.read_bytes().replace(b"plain text", b"plain tExt", 1))
    assert b"Quillfeather" not in path.read_bytes()
    assert [f.kind for f in GATE.check("bad.zip", path)] == ["full name"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60), st.lists(st.integers(0, 60), max_size=8))
def test_text_decoded_a_block_at_a_time_is_the_text_decoded_whole(data, cuts):
    """Invalid UTF-8, and characters cut by a block's end, decode as in the whole file."""
    cuts = sorted(min(c, len(data)) for c in cuts)
    blocks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    assert "".join(kb.gate_read.texts(blocks)) == data.decode("utf-8", "replace")
