"""The kinds of things the knowledge base holds, in one place."""

from __future__ import annotations

#: What ``kb new`` can make, and the collection (folder) each goes into.
NEW_RECORD_KINDS = {"case-study": "case_studies", "good-practice": "case_studies",
                    "seminar": "seminars"}
