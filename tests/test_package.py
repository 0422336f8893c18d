"""The downloads as research data: a valid Frictionless Data Package, a zip of everything,
a CITATION.cff that cffconvert accepts and that agrees with the package, integer years."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from test_graph import make_corpus

from kb import load_corpus
from kb.network import export_files, plan_network
from kb.network.codebook import CODEBOOK, UNDESCRIBED, columns
from kb.network.package import (
    ATTRIBUTION,
    LICENCE_ID,
    PACKAGE,
    REPOSITORY,
    SITE,
    TITLE,
    ZIP,
    data_version,
)
from kb.pages.data import data_page
from kb.pages.network import site_look

ROOT = Path(__file__).resolve().parent.parent
CFFCONVERT = Path(os.environ.get("KB_CFFCONVERT", ROOT / ".venv" / "cffconvert" / "bin" /
                                 "cffconvert"))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    network = plan_network(load_corpus(make_corpus(tmp_path_factory.mktemp("kb"))))
    return export_files(network, look=site_look())


@pytest.fixture(scope="module")
def shipped():
    return export_files(plan_network(load_corpus(ROOT)), look=site_look())


def write(files: dict[str, bytes], folder: Path) -> Path:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder / PACKAGE


def validate(path: Path) -> dict:
    from frictionless import validate as frictionless_validate

    return frictionless_validate(str(path)).to_dict()


@pytest.mark.parametrize("corpus", ["small", "shipped"])
def test_frictionless_accepts_the_data_package(tmp_path, files, shipped, corpus):
    report = validate(write(files if corpus == "small" else shipped, tmp_path))
    assert report["valid"], json.dumps(report, indent=1)[:3000]


def test_the_package_describes_every_file_with_the_codebook(files):
    package = json.loads(files[PACKAGE])
    described = {r["path"] for r in package["resources"]}
    assert described == set(files) - {PACKAGE, ZIP}
    assert package["licenses"][0]["name"] == LICENCE_ID and package["version"] == data_version()
    assert package["sources"] and package["contributors"][0]["title"] == ATTRIBUTION
    for resource in package["resources"]:
        assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
        if resource["format"] != "csv":
            continue
        for field in resource["schema"]["fields"]:
            assert field["description"] and field["description"] != UNDESCRIBED, field
    nodes = next(r for r in package["resources"] if r["path"] == "csv/nodes.csv")
    types = {f["name"]: f["type"] for f in nodes["schema"]["fields"]}
    assert types["first_year"] == types["degree"] == types["community"] == "integer"
    assert types["years"] == types["dates"] == "string" and types["betweenness"] == "number"


def test_frictionless_catches_a_file_that_no_longer_matches(tmp_path, files):
    """The check can fail: a changed file, a mistyped value."""
    broken = dict(files)
    broken["csv/edges.csv"] = files["csv/edges.csv"].replace(b",1,", b",x,", 1)
    report = validate(write(broken, tmp_path))
    assert not report["valid"]
    errors = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert errors == {"hash-count", "type-error"}  # the weight "x" is no integer


def test_the_zip_holds_every_file_and_the_package(tmp_path, files):
    with zipfile.ZipFile(io.BytesIO(files[ZIP])) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"isipp-network/{n}" for n in files if n != ZIP)
        for name in names:
            assert archive.read(name) == files[name.removeprefix("isipp-network/")]
        archive.extractall(tmp_path)
    report = validate(tmp_path / "isipp-network" / PACKAGE)
    assert report["valid"]


def test_the_zip_is_the_same_every_time(tmp_path, files):
    again = export_files(plan_network(load_corpus(make_corpus(tmp_path))), look=site_look())
    assert again[ZIP] == files[ZIP] and again[PACKAGE] == files[PACKAGE]


def test_the_zip_lists_the_files_by_name_and_the_package_last(files):
    """The zip is made in a second thread as each file is written (files in name order),
    and the package, which describes them all, comes last."""
    with zipfile.ZipFile(io.BytesIO(files[ZIP])) as archive:
        names = [n.removeprefix("isipp-network/") for n in archive.namelist()]
    assert names == [*sorted(n for n in files if n not in (ZIP, PACKAGE)), PACKAGE]


def test_a_failure_in_the_zip_thread_reaches_the_writer(tmp_path):
    from kb.network.files import Files
    from kb.network.package import Bundler

    files = Files(tmp_path)
    with files.create("csv/nodes.csv") as out:
        out.write(b"id\n")
    with pytest.raises(FileNotFoundError), Bundler(files, "2016-11-30") as bundler:
        bundler.add("csv/nodes.csv")
        bundler.add("never-written.csv")  # the thread cannot open it
    with zipfile.ZipFile(tmp_path / ZIP) as archive:  # what was zipped stays readable
        assert archive.namelist() == ["isipp-network/csv/nodes.csv"]


def test_pandas_reads_counts_and_years_as_integers(files, shipped):
    """Issue 15: years read as floats. With the nullable types (missing stays empty, <NA>)
    every integer column of the codebook comes in as integers."""
    import pandas as pd

    for exported in (files, shipped):
        for path, table in (("csv/nodes.csv", "nodes"), ("csv/edges.csv", "edges")):
            frame = pd.read_csv(io.BytesIO(exported[path]), dtype_backend="numpy_nullable")
            for name, c in columns(table).items():
                if c.type == "integer" and name in frame:
                    assert str(frame[name].dtype) == "Int64", (path, name, frame[name].dtype)
        nodes = pd.read_csv(io.BytesIO(exported["csv/nodes.csv"]),
                            dtype_backend="numpy_nullable")
        assert nodes["first_year"].isna().any() and nodes["first_year"].min() >= 2000


def test_every_exported_column_has_a_codebook_row(files):
    for path, table in (("csv/nodes.csv", "nodes"), ("csv/edges.csv", "edges"),
                        ("csv/people-projection.csv", "projection")):
        header = files[path].split(b"\n", 1)[0].decode().split(",")
        assert set(header) <= set(columns(table)), set(header) - set(columns(table))
    assert len({(c.table, c.name) for c in CODEBOOK}) == len(CODEBOOK)


# --- CITATION.cff -----------------------------------------------------------------------------

def cffconvert(path: Path) -> subprocess.CompletedProcess[str]:
    if not CFFCONVERT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but cffconvert is not installed at {CFFCONVERT} (make)")
        pytest.skip(f"NOTICE: cffconvert not installed at {CFFCONVERT}; run make")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)],
                          capture_output=True, text=True)


def test_cffconvert_accepts_the_citation_file():
    result = cffconvert(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cffconvert_rejects_a_broken_one(tmp_path):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    del citation["authors"]
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(citation))
    assert cffconvert(tmp_path / "CITATION.cff").returncode != 0


def test_the_citation_file_agrees_with_the_package_and_the_page(files):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["title"] == TITLE and citation["version"] == data_version()
    assert citation["license"] == LICENCE_ID
    assert citation["repository-code"] == REPOSITORY and citation["url"] == SITE
    assert citation["authors"] == [{"name": ATTRIBUTION}]
    project = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{citation["version"]}"' in project
    page = data_page({name: len(content) for name, content in files.items()})
    assert "## How to cite" in page and TITLE in page and "CITATION.cff" in page
    assert f"version {data_version()}" in page
