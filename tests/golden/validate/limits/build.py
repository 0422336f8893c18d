"""Small hostile records, each over one limit of kb.corpus.limits (or of the YAML alias budget), and
one just within every limit. Generated: most are one long repeated line."""

from pathlib import Path

FRONT = "---\ntitle: Limits\ndate: 2016\n"
BODIES = {
    "nested-lists": "- " * 1500 + "deep\n",
    "nested-quotes": "> " * 1500 + "deep\n",
    "nested-divs": '<div markdown="1">\n\n' * 1500 + "deep\n\n" + "</div>\n\n" * 1500,
    "indented-lists": "".join("    " * level + "- item\n" for level in range(30)),
    "definitions": "Term\n: Definition\n" * 1000,
    "brackets": "[" * 20_000 + "\n",
    "deep-brackets": "[" * 30 + "x" + "]" * 30 + "\n",
    "unclosed-tags": "a<b " * 20_000 + "\n",
    "big-body": "A paragraph of ordinary text.\n" * 4000,
    # at every limit, not over it: no error
    "within-limits": ("".join("    " * level + "- item\n" for level in range(20)) + "\n"
                      + "[" * 20 + "\n\n" + "Term\n: Definition\n" * 50 + "\n"
                      + "<https://example.org> <someone@example.org> " * 30 + "\n"),
}


def build(root: Path) -> None:
    seminars = root / "seminars"
    seminars.mkdir(exist_ok=True)
    for name, body in BODIES.items():
        (seminars / f"{name}.md").write_text(f"{FRONT}---\n\n{body}")
    text = "x" * 200_000
    (seminars / "alias-text.md").write_text(
        f'{FRONT}summary: &a "{text}"\nthemes: [{", ".join(["*a"] * 6)}]\n---\n\nText.\n')
    speakers = "".join(f"  - Speaker {i}\n" for i in range(201))
    (seminars / "many-speakers.md").write_text(f"{FRONT}speakers:\n{speakers}---\n\nText.\n")
    (seminars / "long-speaker.md").write_text(
        f"{FRONT}speakers:\n  - {'Verylongname ' * 8}Smith\n---\n\nText.\n")
    long_name = " ".join(["Abcdefghi"] * 50)
    with (root / "registries" / "people.yml").open("a") as out:
        out.write(f"- id: long-name\n  name: {long_name}\n  consent: withdrawn\n"
                  f"  aliases:\n    - {'Alias ' * 20}\n")
