"""`mkdocs serve` rebuilds when a record changes (the plugin watches the content folders)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import yaml
from conftest import make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def index_hash(base: str) -> str:
    """The hash Pagefind gives the index's content: it changes when the indexed text does."""
    return json.loads(fetch(base + "pagefind/pagefind-entry.json"))["languages"]["en"]["hash"]


def test_serve_rebuilds_after_editing_a_case_study(tmp_path):
    project = make_project(tmp_path / "kb")
    config = (
        (project / "mkdocs.yml").read_text().replace("  - kb\n", "  - kb:\n      network: false\n")
    )
    (project / "mkdocs.yml").write_text(config)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    # serve mounts the site under the path of site_url, as it will be published
    mount = urllib.parse.urlparse(yaml.safe_load(config)["site_url"]).path
    base = f"http://127.0.0.1:{port}{mount}"
    url = base + "case_studies/bristol-predictive-analytics/"
    try:
        assert wait_for(lambda: "Bristol" in fetch(url), 120), "mkdocs serve did not start"
        assert wait_for(lambda: index_hash(base), 60), "no search index while serving"
        before = index_hash(base)
        record = project / "case_studies" / "bristol-predictive-analytics.md"
        record.write_text(record.read_text() + "\nA sentence added while serving.\n")
        assert wait_for(lambda: "A sentence added while serving." in fetch(url), 60)
        # The search is rebuilt with the page: the edited text is in the new index.
        assert wait_for(lambda: index_hash(base) != before, 60), "search index not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=20)
