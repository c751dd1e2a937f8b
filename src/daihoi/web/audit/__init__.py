"""Audit log of who changed what and when.

``log_change(request_or_user, obj, action, changes)`` is importable from here; the models are
imported only when it is called, so importing this package never touches the app registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daihoi.web.audit.models import AuditEntry


def log_change(
    request_or_user: Any,
    obj: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    **kwargs: Any,
) -> AuditEntry:
    """Record a change; see ``daihoi.web.audit.services.log_change``."""
    from daihoi.web.audit.services import log_change as _log_change

    return _log_change(request_or_user, obj, action, changes, **kwargs)


__all__ = ["log_change"]
