"""Whether a markdown file is a card, judged by reading it: for ``check --only-cards``, which a
pre-commit hook runs over every staged ``.md`` (a README, the docs, a changelog among them).

A file is a card when its name and place say so (``scan.not_a_card`` finds nothing against it)
and it is gitban-named, or its front matter names a type or template, or at least two of its
headings are sections its template knows. The board and ``check DIR`` go by name and place
alone: a card that lost its headings must still be checked there, not quietly skipped.
"""

from __future__ import annotations

import os

from ..gitban.front_matter import front_matter
from ..gitban.names import parse_card_name
from ..parse import parse_read
from ..store import CardReadError, read_card
from ..template import match_sections, template_for
from .scan import not_a_card, place

KNOWN_HEADINGS = 2


def looks_like_card(path: str, override: str | None = None) -> bool:
    folder, name = os.path.split(os.path.abspath(path))
    if not_a_card(name, place(folder)[0]) is not None:
        return False
    if parse_card_name(name) is not None:
        return True
    try:
        text = read_card(path)
    except CardReadError:
        return True  # checking it says why it cannot be read
    keys = front_matter(text.beginning())
    if keys.get("type") or keys.get("template"):
        return True
    card = parse_read(text, keep_text=False)  # only its headings are looked at
    template = template_for(path, override)
    return len(match_sections(card, template)) >= min(KNOWN_HEADINGS, len(template.sections))
