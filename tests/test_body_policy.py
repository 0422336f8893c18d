"""The body policy on parsed Markdown and HTML (issue 11, "no markup from content"): each
hostile form a probe found, the sanitiser's address normalisation, and the `kb pages` output
read by an independent parse."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, make_project

from kb.corpus.body_policy import EXTENSION_CONFIGS, EXTENSIONS
from kb.corpus.validate import validate_record
from kb.html_safety import clean_html
from kb.model import Document

#: name -> (body, the code expected, its line counted from the body's first line).
HOSTILE = {
    "heading id with a handler": (
        "Text.\n\n## Title {: id='x\" onfocus=alert(1) autofocus' }\n", "attribute-list", 2),
    "attribute list with a handler": ("Click me\n{: onclick=\"alert(1)\" }\n",
                                      "attribute-list", 1),
    "heading id": ("## Hi {#my-id}\n", "attribute-list", 0),
    "class": ("A paragraph {.big}\n", "attribute-list", 0),
    "bare attribute": ("A paragraph\n{ autofocus }\n", "attribute-list", 1),
    "definition in a quote": ("[click][x]\n\n> [x]: javascript:alert(1)\n", "unsafe-html", 2),
    "definition in a list": ("[click][x]\n\n- [x]: javascript:alert(1)\n", "unsafe-html", 2),
    "definition after U+2028": ("Text\u2028[x]: javascript:alert(1)\n\n[click][x]\n",
                                "unsafe-html", 0),
    "definition after U+0085": ("Text\u0085[x]: javascript:alert(1)\n\n[click][x]\n",
                                "unsafe-html", 0),
    "definition after a carriage return": ("Text\r[x]: javascript:alert(1)\n\n[click][x]\n",
                                           "unsafe-html", 0),
    "'<' in a quoted attribute": ('Text.\n\n<a title="<" onmouseover=alert(1)>x</a>\n',
                                  "unsafe-html", 2),
    "'>' in a quoted attribute": ("<a title='a>b' onmouseover=alert(1)>x</a>\n",
                                  "unsafe-html", 0),
    "unfinished tag": ('<div\nonmouseover=alert(1) title="x\n', "unsafe-html", 0),
    # html.parser (before Python 3.13) stops on this with an AssertionError: never a traceback
    "unfinished marked section": ("Text.\n\n<![\n\n## More\n", "unsafe-html", 2),
    "comment a browser ends early": ("<!--> <img src=x onerror=alert(1)> -->\n",
                                     "unsafe-html", 0),
    "image from \\\\host": ("![x](\\\\evil.example/x.png)\n", "remote-image", 0),
    "image from /\\host": ("![x](/\\evil.example/x.png)\n", "remote-image", 0),
    "image with a tab": ("![x](/\t/evil.example/x.png)\n", "remote-image", 0),
    "image from https:host": ("![x](https:evil.example/x.png)\n", "remote-image", 0),
    "image by reference in a quote": ("![x][p]\n\n> [p]: //evil.example/p.png\n",
                                      "remote-image", 2),
    "raw image from \\\\host": ('<img src="\\\\evil.example/x.png" alt="">\n',
                                "remote-image", 0),
    "raw image with a tab reference": ('<img src="/&#9;/evil.example/x.png" alt="">\n',
                                       "remote-image", 0),
}
SAFE = ("Plain *text* with [a link](https://example.org), ![a picture](../assets/x.png),\n"
        "<abbr title='Local Government Association'>LGA</abbr>, 3 < 4, {braces} and\n"
        "<https://example.org/autolink>.\n\n> [ref]: https://example.org\n\n- [see][ref]\n")


def codes_at(body: str, first_line: int = 5) -> list[tuple[int, str]]:
    doc = Document("case_studies/x.md", {"kind": "case-study", "title": "x"}, {(): 2}, body,
                   first_line)
    _, diagnostics = validate_record(doc, "case_studies", "x")
    return [(d.line - first_line, d.code) for d in diagnostics]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_body_is_refused_at_its_line(name: str) -> None:
    body, code, line = HOSTILE[name]
    assert (line, code) in codes_at(body)


def test_a_safe_body_passes() -> None:
    assert codes_at(SAFE) == []


def test_messages_say_what_to_do() -> None:
    doc = Document("seminars/x.md", {"title": "x", "date": "2016"}, {(): 2},
                   "## T {#x}\n\n![p](//evil.example/p.png)\n", 7)
    messages = [d.format() for d in validate_record(doc, "seminars", "x")[1]]
    assert messages[0].startswith("seminars/x.md:7: error: the text has the attribute list")
    assert "remove it" in messages[0] and messages[0].endswith("[attribute-list]")
    assert messages[1].startswith("seminars/x.md:9: error: the text shows an image from another")
    assert "link to the image instead" in messages[1]


@pytest.mark.parametrize("src", ["\\\\evil.example/x.png", "/\\evil.example/x.png",
                                 "/&#9;/evil.example/x.png", "/\t/evil.example/x.png",
                                 "https:evil.example/x.png", " //evil.example/x.png"])
def test_the_sanitiser_reads_image_addresses_as_browsers_do(src: str) -> None:
    html = clean_html(f'<img src="{src}" alt="a"><img src="x.png" alt="b">')
    assert "evil.example" not in html and 'src="x.png"' in html


def test_the_policy_parses_with_the_sites_extensions() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert tuple(names) == EXTENSIONS
    assert {next(iter(e)): e[next(iter(e))] for e in config["markdown_extensions"]
            if isinstance(e, dict)} == EXTENSION_CONFIGS


class _Audit(HTMLParser):
    """What a browser would be given: handlers, script tags, images from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = re.sub(r"[\t\n\r]", "", value or "").replace("\\", "/").strip()
            if name.startswith("on") or tag in ("script", "iframe", "object", "embed"):
                self.problems.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and re.match(r"[a-z][a-z0-9+.-]*:|//", value, re.I):
                self.problems.append(f"remote image {value}")
            if name in ("href", "src") and value.lower().startswith(("javascript:", "data:")):
                self.problems.append(f"script link {value}")


def test_kb_pages_output_is_safe_for_any_engine(tmp_path: Path) -> None:
    project = make_project(tmp_path / "kb")
    for number, (body, _, _) in enumerate(HOSTILE.values()):
        slug = f"case-{number}"
        (project / f"case_studies/hostile-{slug}.md").write_text(
            f"---\nkind: case-study\ntitle: Hostile {slug}\n---\n{body}", encoding="utf-8")
    out = tmp_path / "pages"
    subprocess.run([sys.executable, "-m", "kb", "pages", "--out", str(out), "--root",
                    str(project), "--no-network"], check=True, capture_output=True)
    pages = sorted(out.glob("case_studies/hostile-*.md"))
    assert len(pages) == len(HOSTILE)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        contributed = re.search(r"<!-- (kb-contributed-\w+) -->(.*)<!-- /\1 -->", text, re.S)
        assert contributed and "{" not in contributed.group(2), page  # withheld
        assert not re.search(r"\{[^}\n]*(?:\bon\w+|id)[ \t]*=", text, re.I), page
        assert "evil.example" not in text and "javascript:" not in text, page
        audit = _Audit()
        for body in (text, text.replace("\u2028", "\n").replace("\x85", "\n")):
            audit.feed(markdown.markdown(body, extensions=list(EXTENSIONS)))
            audit.feed(body)  # raw HTML as any engine that passes it through would give it
        assert audit.problems == [], page
