"""Consent fails closed (issue 11): whenever a person's consent cannot be established they are
treated as withdrawn, in every output, with an error that says so and names only what the
file itself wrote; and every form of a protected name is found, file names included."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import load_corpus
from kb.cli import main
from kb.corpus.consent import protected_forms
from kb.names import fold_text

RECORD = "---\ntitle: {title}\ndate: 2016\nspeakers: [{speaker}]\n---\n"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def people(root: Path, text: str) -> None:
    write(root, "registries/people.yml", text)


def named_people(root: Path) -> list[str]:
    corpus = load_corpus(root)
    return sorted(e.name for e in corpus.entities("people").values() if e.named)


def errors(root: Path) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in load_corpus(root).errors]


# --- a consent value the validator cannot read ---------------------------------------------


@pytest.mark.parametrize("value", [
    "Named", "Withdrawn", "'withdrawn '", '"withdrawn\u200b"', "withdrwn", "[named]",
    "{level: named}", "yes", "''",
])
def test_an_unreadable_consent_is_withdrawn(tmp_path, value):
    people(tmp_path, f"- id: wanda\n  name: Wanda Quillfeather\n  consent: {value}\n"
                     "- id: kate\n  name: Kate Cook\n  consent: named\n")
    write(tmp_path, "seminars/talk.md", RECORD.format(title="A talk", speaker="Wanda Quillfeather"))
    corpus = load_corpus(tmp_path)
    assert named_people(tmp_path) == ["Kate Cook"]
    assert corpus.records["talk"].people["speakers"] == []
    assert [(d.path, d.line, d.code) for d in corpus.errors] == [
        ("registries/people.yml", 3, "bad-consent")]
    assert "treated as withdrawn" in corpus.errors[0].message


def test_an_empty_consent_field_is_withdrawn_too(tmp_path):
    people(tmp_path, "- id: wanda\n  name: Wanda Quillfeather\n  consent:\n")
    assert named_people(tmp_path) == []
    assert errors(tmp_path) == [("registries/people.yml", 3, "bad-consent")]


def test_a_missing_consent_field_is_an_error_and_withdrawn(tmp_path):
    """Consent is asked, never assumed: an entry that does not state it is not named."""
    people(tmp_path, "- id: kate\n  name: Kate Cook\n")
    write(tmp_path, "seminars/talk.md", RECORD.format(title="A talk", speaker="Kate Cook"))
    corpus = load_corpus(tmp_path)
    assert named_people(tmp_path) == []
    assert corpus.records["talk"].people["speakers"] == []
    assert [(d.path, d.line, d.code) for d in corpus.errors] == [
        ("registries/people.yml", 1, "missing-consent")]
    assert "'consent: named'" in corpus.errors[0].message
    assert "treated as withdrawn" in corpus.errors[0].message


# --- an entry with errors, whatever its consent --------------------------------------------

INVALID_ENTRIES = {
    "bad id": "- id: Wanda_Q\n  name: Wanda Quillfeather\n  consent: withdrawn\n",
    "reserved id": "- id: index\n  name: Wanda Quillfeather\n  consent: withdrawn\n",
    "no id": "- name: Wanda Quillfeather\n  consent: withdrawn\n",
    "duplicate id": "- id: kate\n  name: Wanda Quillfeather\n  consent: withdrawn\n",
    "not a mapping": "- Wanda Quillfeather\n",
    "field twice": "- id: wanda\n  name: Wanda Quillfeather\n  consent: named\n"
                   "  consent: withdrawn\n",
    "name not text": "- id: wanda\n  name: [Wanda Quillfeather]\n  consent: named\n",
    "bad alias": "- id: wanda\n  name: Wanda Quillfeather\n  aliases: [W. Q., 3]\n",
    "unknown field": "- id: wanda\n  name: Wanda Quillfeather\n  concent: withdrawn\n",
}


@pytest.mark.parametrize("case", sorted(INVALID_ENTRIES))
def test_an_invalid_entry_is_withdrawn_and_its_names_stay_protected(tmp_path, case):
    people(tmp_path, "- id: kate\n  name: Kate Cook\n  consent: named\n" + INVALID_ENTRIES[case])
    write(tmp_path, "seminars/talk.md", RECORD.format(title="A talk", speaker="Wanda Quillfeather"))
    write(tmp_path, "seminars/naming.md",
          RECORD.format(title="Wanda Quillfeather on sharing", speaker="Kate Cook"))
    corpus = load_corpus(tmp_path)
    assert named_people(tmp_path) == ["Kate Cook"]
    assert corpus.records["talk"].people["speakers"] == []  # no new, named person either
    assert "naming" not in corpus.records
    found = {(d.path, d.code) for d in corpus.errors}
    assert ("registries/people.yml", "invalid-person") in found
    assert ("seminars/naming.md", "withdrawn-name") in found


# --- a registry that cannot be read ----------------------------------------------------------

BROKEN = {
    "tab": "- id: kate\n  name: Kate Cook\n  consent: named\n- id: wanda\n"
           "\tname: Wanda Quillfeather\n  aliases:\n    - Dr W. Q. Quillfeather\n"
           "  consent: withdrawn\n",
    "not utf-8": "- id: kate\n  name: Kate Cook\n- id: wanda\n  name: Wanda Quillfeather\n"
                 "  aliases: [\"Quillfeather, W.\"]\n  role: caf\xe9\n",
    "not a list": "kate:\n  name: Kate Cook\nwanda:\n  name: Wanda Quillfeather\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_unreadable_registry_names_nobody_and_protects_every_name_in_it(tmp_path, case):
    path = tmp_path / "registries/people.yml"
    path.parent.mkdir(parents=True)
    text = BROKEN[case]
    path.write_bytes(text.encode("latin-1") if case == "not utf-8" else text.encode())
    write(tmp_path, "seminars/talk.md", RECORD.format(title="A talk", speaker="Kate Cook"))
    write(tmp_path, "seminars/naming.md",
          RECORD.format(title="Wanda Quillfeather on sharing", speaker="Ann Other"))
    corpus = load_corpus(tmp_path)
    assert named_people(tmp_path) == []
    assert corpus.records["talk"].people["speakers"] == []
    assert "naming" not in corpus.records
    assert "unreadable-people" in [d.code for d in corpus.errors]


# --- names of named people that are protected names ----------------------------------------


def test_a_named_entry_cannot_carry_a_withdrawn_name_as_its_alias(tmp_path):
    people(tmp_path, "- id: wanda\n  name: Wanda Quillfeather\n  consent: withdrawn\n"
                     "- id: kate\n  name: Kate Cook\n  consent: named\n  aliases:\n"
                     "    - Wanda Quillfeather\n")
    corpus = load_corpus(tmp_path)
    assert named_people(tmp_path) == []  # Kate too: her page would print the alias
    [error] = corpus.errors
    assert (error.path, error.line, error.code) == ("registries/people.yml", 8, "protected-alias")
    assert "'Wanda Quillfeather'" in error.message


def test_a_named_entry_cannot_carry_another_form_of_a_protected_name(tmp_path):
    people(tmp_path, "- id: wanda\n  name: Wanda Quillfeather\n  consent: role-only\n"
                     "- id: kate\n  name: Kate Cook\n  consent: named\n"
                     "  aliases: ['Quillfeather, W.']\n"
                     "- id: ann\n  name: Ann Lee\n  consent: named\n  aliases: [Kate Cook]\n")
    assert named_people(tmp_path) == []  # Ann's alias is Kate's name, protected in turn
    assert [c for _, _, c in errors(tmp_path)] == ["protected-alias"] * 2


def test_a_role_only_persons_own_fields_are_checked(tmp_path):
    people(tmp_path, "- id: wanda\n  name: Wanda Quillfeather\n  consent: withdrawn\n"
                     "- id: rita\n  name: Rita Roleonly\n  consent: role-only\n"
                     "  role: assistant to Wanda Quillfeather\n")
    corpus = load_corpus(tmp_path)
    assert errors(tmp_path) == [("registries/people.yml", 7, "withdrawn-name")]
    assert "rita" not in corpus.entities("people")


def test_a_role_only_person_cannot_name_themselves_in_their_role(tmp_path):
    people(tmp_path, "- id: rita\n  name: Rita Roleonly\n  consent: role-only\n"
                     "  role: Rita Roleonly's team lead\n")
    assert errors(tmp_path) == [("registries/people.yml", 4, "role-only-name")]


# --- every form of a name -------------------------------------------------------------------

WITHDRAWN = ("- id: wendy\n  name: Wendy Jane Quillfeather\n  consent: withdrawn\n  aliases: "
             "[Jo]\n- id: anna\n  name: Anna Hall\n  consent: withdrawn\n")


@pytest.mark.parametrize("text", [
    "Quillfeather Wendy spoke", "Quillfeather, Wendy spoke", "QUILLFEATHER, W. J.",
    "W. Quillfeather", "W Quillfeather", "W. J. Quillfeather", "Quillfeather W",
    "Ms Quillfeather", "Dr. Quillfeather's paper", "Prof Quillfeather", "with Jo.",
    "Jo", "Dr Hall said", "Hall, Anna", "Hall Anna",
])
def test_every_form_of_a_protected_name_is_found(tmp_path, text):
    people(tmp_path, WITHDRAWN)
    write(tmp_path, "seminars/s.md", f"---\ntitle: A seminar\ndate: 2016\n---\n\n{text}\n")
    assert errors(tmp_path) == [("seminars/s.md", 6, "withdrawn-name")], text


@pytest.mark.parametrize("text", [
    "Dr Jane Quillfeather", "J. Quillfeather", "Quillfeathers", "Quillfeather", "Joanne",
    "Wendy", "we booked a hall", "the Town Hall", "Dr Hallam", "John Hall", "A. Hall",
])
def test_forms_do_not_flag_other_people(tmp_path, text):
    people(tmp_path, WITHDRAWN)
    write(tmp_path, "seminars/s.md", f"---\ntitle: A seminar\ndate: 2016\n---\n\n{text}\n")
    assert errors(tmp_path) == [], text


def test_a_file_name_that_names_a_protected_person_is_refused(tmp_path):
    people(tmp_path, "- id: jo\n  name: Jo O'Melia\n  consent: withdrawn\n")
    write(tmp_path, "case_studies/jo-omelia-story.md",
          "---\nkind: case-study\ntitle: A neutral title\n---\nA neutral body.\n")
    write(tmp_path, "seminars/s.md", "---\ntitle: t\ndate: 2016\n"
          "case_studies: [jo-omelia-story]\n---\n")
    corpus = load_corpus(tmp_path)
    assert "jo-omelia-story" not in corpus.records
    found = [(d.path, d.line, d.code) for d in corpus.errors]
    assert ("case_studies/jo-omelia-story.md", 1, "withdrawn-name") in found
    message = next(d.message for d in corpus.errors if d.path.startswith("case_studies"))
    assert "rename the file" in message


def test_protected_forms():
    forms = protected_forms("Wendy Jane Quillfeather", ["Prof. W. Quillfeather", "Jo"])
    for form in ("wendy jane quillfeather", "quillfeather wendy", "quillfeather wendy jane",
                 "w quillfeather", "w j quillfeather", "quillfeather w", "ms quillfeather",
                 "dr quillfeather", "jo"):
        assert form in forms, form
    assert "quillfeather" not in forms and "wendy" not in forms
    assert all(form == fold_text(form) for form in forms)
    assert "a hall" not in protected_forms("Anna Hall", [])  # "booked a hall"
    assert "o briain zoe" in protected_forms("Zoë Ó Briain", [])  # the particle stays
    assert "smith jones w" in protected_forms("Wendy Smith-Jones", [])
    assert "dr c" not in protected_forms("Catherine O'Melia", ["O'Melia, C."])


# --- diagnostics name only what the file wrote ----------------------------------------------


def test_messages_quote_only_what_the_file_wrote(tmp_path):
    people(tmp_path, "- id: wendy-quillfeather\n  name: Wendy Quillfeather\n"
                     "  consent: withdrawn\n  aliases: [Wendy Q. Smith]\n"
                     "- id: kate\n  name: Kate Cook\n  aliases: [Wendy Q Smith]\n")
    write(tmp_path, "seminars/s.md", "---\ntitle: Talk by Wendy Q. Smith\ndate: 2016\n"
          "speakers: [Wendy Q Smyth]\n---\n")
    for fmt in ("text", "github", "json"):
        result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--format", fmt])
        assert result.exit_code == 1
        assert "Wendy Q. Smith" in result.output  # what the record wrote is quoted ...
        assert "quillfeather" not in result.output.lower(), result.output  # ... nothing else


def test_the_public_summary_names_nobody_when_consent_cannot_be_established(tmp_path):
    from test_summary import copy_corpus

    from kb.contrib.pr_summary import summarise_changes

    base, head = copy_corpus(tmp_path / "base"), copy_corpus(tmp_path / "head")
    registry = head / "registries/people.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "- id: x\n\tname: X\n",
                        encoding="utf-8")
    write(head, "case_studies/new.md", "---\nkind: case-study\ntitle: New\n"
          "contributors: [Wanda Withheldperson]\n---\n")
    text = summarise_changes(load_corpus(base), load_corpus(head))
    assert "Withheldperson" not in text
    assert "1 person not named here" in text


def test_a_very_long_name_withdrawn_by_an_entry_in_doubt_is_still_found(tmp_path):
    """Any text can become a protected name (an entry in doubt keeps its names): one too long
    for the trie-shaped pattern is matched too, with no RecursionError."""
    long_name = "Wanda " + "Quill" * 120
    people(tmp_path, f"- id: wanda\n  name: {long_name}\n  consent: Named\n")
    write(tmp_path, "seminars/s.md", f"---\ntitle: t\ndate: 2016\n---\n\nBy {long_name}.\n")
    # the name is also over the length limit, which puts the whole entry in doubt
    assert set(errors(tmp_path)) == {("registries/people.yml", 1, "invalid-person"),
                                     ("registries/people.yml", 2, "name-too-long"),
                                     ("registries/people.yml", 3, "bad-consent"),
                                     ("seminars/s.md", 6, "withdrawn-name")}
