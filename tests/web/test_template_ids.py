"""Ids in links and form values are never formatted as numbers: with the thousands separator on
(``USE_THOUSAND_SEPARATOR``), ``{{ org.pk }}`` prints 1234 as "1.234", which no view reads back
(found on PostgreSQL, whose ids pass 1,000 in a long test run: a 404 for the plans page)."""

from __future__ import annotations

import re
from pathlib import Path

import django.conf

import daihoi.web

TEMPLATES = sorted(Path(daihoi.web.__file__).parent.rglob("templates/**/*.html"))
# An id or a page number printed inside an attribute (href, value, action, data-*).
IN_ATTRIBUTE = re.compile(
    r'(?:href|value|action|data-[a-z-]+)="[^"]*\{\{\s*([\w.]+(?:\.pk|_id|\.id|page_number))\s*\}\}'
)


def test_the_thousands_separator_is_on() -> None:
    assert django.conf.settings.USE_THOUSAND_SEPARATOR  # the reason for the check below


def test_no_template_prints_an_id_as_a_localised_number_in_an_attribute() -> None:
    assert TEMPLATES
    found = [
        f"{path.relative_to(Path(daihoi.web.__file__).parent)}: {{{{ {match} }}}}"
        for path in TEMPLATES
        for match in IN_ATTRIBUTE.findall(path.read_text("utf-8"))
    ]
    assert found == [], "add |unlocalize: " + "; ".join(found)
