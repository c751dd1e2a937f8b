"""``{% load audit_tags %}``: an audit entry's changes as short readable lines."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from daihoi.web.audit.models import AuditEntry

register = template.Library()
MAX_LINES = 12


def _short(value: Any) -> str:
    text = "–" if value in (None, "") else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


@register.filter
def change_lines(entry: AuditEntry) -> list[str]:
    changes = entry.changes or {}
    lines: list[str] = []
    if entry.action == "import" and "created" in changes:
        lines.append(
            _("Tệp %(file)s: thêm %(created)d, cập nhật %(updated)d, giữ nguyên %(unchanged)d")
            % {
                "file": changes.get("file", ""),
                "created": len(changes.get("created", [])),
                "updated": len(changes.get("updated", {})),
                "unchanged": changes.get("unchanged", 0),
            }
        )
        created = changes.get("created", [])
        if created:
            lines.append(
                _("Thêm: ") + ", ".join(created[:20]) + (" …" if len(created) > 20 else "")
            )
        for code, diff in list(changes.get("updated", {}).items())[:MAX_LINES]:
            parts = [f"{f}: {_short(v[0])} → {_short(v[1])}" for f, v in diff.items()]
            lines.append(f"{code}: " + "; ".join(parts))
        return lines
    for key, value in list(changes.items())[:MAX_LINES]:
        if isinstance(value, list) and len(value) == 2:
            lines.append(f"{key}: {_short(value[0])} → {_short(value[1])}")
        else:
            lines.append(f"{key}: {_short(value)}")
    return lines
