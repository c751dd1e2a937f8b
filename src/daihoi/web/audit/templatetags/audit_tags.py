"""``{% load audit_tags %}``: an audit entry's changes as short readable lines."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from daihoi.web.audit.labels import change_line, model_of
from daihoi.web.audit.models import AuditEntry

register = template.Library()
MAX_LINES = 12


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
        organisation = model_of("orgs.organisation")  # an import changes organisations
        for code, diff in list(changes.get("updated", {}).items())[:MAX_LINES]:
            parts = [change_line(organisation, f, v) for f, v in diff.items()]
            lines.append(f"{code}: " + "; ".join(parts))
        return lines
    model = model_of(entry.object_type)
    return [change_line(model, key, value) for key, value in list(changes.items())[:MAX_LINES]]
