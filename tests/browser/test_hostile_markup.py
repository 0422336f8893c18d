"""A site built (not strictly, so every page exists) from records full of hostile markup, as a
reader's Chromium meets it: no script runs, no dialog opens, the title stays, and nothing is
asked of another host (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import make_project, mkdocs_build, serve

#: Sets a flag, changes the title and opens a dialog: any of them shows the script ran.
RUN = "window.__pwned=1,document.title=1,alert(1)"
RECORDS = {
    "heading-id": f"## Title {{: id='x\" onfocus={RUN} autofocus x=\"' }}\n\nText.\n",
    "attribute-list": f"Hover me\n{{: onmouseover={RUN} }}\n",
    "reference-in-quote": f"[click][x]\n\n> [x]: javascript:{RUN}\n",
    "reference-after-u2028": f"Text\u2028[x]: javascript:{RUN}\n\n[click][x]\n",
    "lt-in-attribute": f'<a title="<" onmouseover={RUN} autofocus>x</a>\n',
    "comment": f"<!--> <img src=x onerror={RUN}> -->\n",
    "image-backslash": "![x](\\\\evil.example/x.png)\n\n"
                       '<img src="/\\evil.example/y.png" alt="">\n',
    "image-tab": "![x](/\t/evil.example/x.png)\n",
}
#: A hand-written page (not a record, so not validated) whose heading id would break out of
#: Material's table-of-contents link: the overridden partial must escape it.
DOCS_PAGE = f"# Hostile docs page\n\n## Section {{: id='x\" onfocus={RUN} autofocus x=\"' }}\n"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("hostile-markup") / "kb")
    for name, body in RECORDS.items():
        (project / f"case_studies/hostile-{name}.md").write_text(
            f"---\nkind: case-study\ntitle: Hostile {name}\n---\n{body}", encoding="utf-8")
    (project / "docs/hostile.md").write_text(DOCS_PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-markup-site")
    result = mkdocs_build(project, out, strict=False)
    assert result.returncode == 0, result.stderr
    url, server = serve(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", [f"case_studies/hostile-{n}/" for n in RECORDS] + ["hostile/"])
def test_hostile_markup_runs_nothing(page, hostile_server: str, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_server + path)
    page.wait_for_load_state("networkidle")
    title = page.locator("head title").inner_text()
    page.evaluate(  # what a reader's pointer and keyboard would do to every element
        "document.querySelectorAll('main *, .md-nav--secondary *').forEach(e => {"
        "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); e.focus(); })")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title") == title != "1"
    assert "Hostile" in title
    assert not page.kb_watch.external, f"requests to other hosts: {page.kb_watch.external}"
