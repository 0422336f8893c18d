"""The consent rule, in one place. Read the modules in this order:

1. :mod:`.forms`: each person in ``registries/people.yml`` has a consent level, ``named``,
   ``role-only`` or ``withdrawn``; consent is read, never assumed (a value that is not exactly
   one of the three, or an entry with errors, makes the person withdrawn), and a name that is
   also a protected person's makes its owner withdrawn too. Every written form of a protected
   name (with and without titles and initials, surname first) is protected.
2. :mod:`.matching`: those forms are found in any text as whole words, ignoring case,
   accents, apostrophes, punctuation and line breaks, in the text as written and as the output
   gate reads it (:mod:`kb.disguises`: references decoded, tags removed ...); messages quote
   what the text wrote, and say how a name was disguised (:mod:`.disguised`).
3. :mod:`.scan`: every record, registry entry and file name is checked; a file that names a
   withdrawn person (or names a role-only person) is left out of the site, with an error.

The output gate (:mod:`kb.gate`) checks the finished outputs once more, with the same forms.
"""

from __future__ import annotations

from .forms import (
    close_collisions,
    invalid_person,
    names_in,
    protected_forms,
    read_consent,
    salvage_people,
    withheld_entry,
)
from .matching import PROTECTED, WithdrawnNames, anchor_words, drop_possessives

__all__ = ["PROTECTED", "WithdrawnNames", "anchor_words", "close_collisions", "drop_possessives",
           "invalid_person", "names_in", "protected_forms", "read_consent", "salvage_people",
           "withheld_entry"]
