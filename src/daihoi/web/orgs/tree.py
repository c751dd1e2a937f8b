"""Fast operations on the organisation tree: bulk insertion and counts under many nodes.

treebeard's ``add_child`` costs a few queries per node; demo data and imports add tens of
thousands, so paths are computed here and rows are bulk-created (a handful of queries in all).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max
from django.db.models.functions import Left
from django.dispatch import Signal

from daihoi.web.orgs.models import Level, Organisation

#: Sent inside the transaction of ``add_organisations`` with ``organisations`` (the new rows,
#: with their pks): bulk inserts send no ``post_save``, and the apps above (the season gives each
#: a congress) must still hear of them.
organisations_added = Signal()


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation to create under ``parent_code`` (an existing one or an earlier new one)."""

    code: str
    name: str
    level: Level
    kind: str
    members: int
    parent_code: str | None


@transaction.atomic
def add_organisations(
    specs: Sequence[NewOrganisation], *, batch_size: int = 2000
) -> list[Organisation]:
    """Create all ``specs`` (parents before their children, or in any order) in one transaction.

    A parent is looked up among ``specs`` first, then in the database. Raises ``ValueError``
    naming the code when a parent is unknown or the specs form a cycle; callers that take user
    input validate first (see ``importer``) so this never fires for them.
    """
    by_code = {s.code: s for s in specs}
    ordered = _parents_first(specs, by_code)
    existing_parent_codes = {
        s.parent_code for s in specs if s.parent_code and s.parent_code not in by_code
    }
    # Locking the parents keeps two simultaneous imports under one parent from computing the
    # same child paths.
    existing = {
        o.code: o
        for o in Organisation.objects.select_for_update()
        .filter(code__in=existing_parent_codes)
        .order_by("path")
    }
    missing = existing_parent_codes - existing.keys()
    if missing:
        raise ValueError(f"Không có tổ chức cấp trên mã {sorted(missing)[0]}")

    steplen = Organisation.steplen
    next_step = _next_child_steps([o.path for o in existing.values()])
    next_root = _next_root_step() if any(s.parent_code is None for s in specs) else 1
    path_of: dict[str, str] = {code: o.path for code, o in existing.items()}
    children_added: dict[str, int] = defaultdict(int)
    nodes: list[Organisation] = []
    for spec in ordered:
        if spec.parent_code is None:
            step, next_root = next_root, next_root + 1
            parent_path = ""
        else:
            parent_path = path_of[spec.parent_code]
            step = next_step.get(parent_path, 1)
            next_step[parent_path] = step + 1
            children_added[parent_path] += 1
        path = parent_path + _step(step, steplen)
        path_of[spec.code] = path
        nodes.append(
            Organisation(
                path=path,
                depth=len(path) // steplen,
                numchild=0,
                code=spec.code,
                name=spec.name,
                level=spec.level,
                kind=spec.kind,
                members=spec.members,
            )
        )
    for node in nodes:
        node.numchild = children_added.get(node.path, 0)
    Organisation.objects.bulk_create(nodes, batch_size=batch_size)
    for o in existing.values():
        added = children_added.get(o.path, 0)
        if added:
            Organisation.objects.filter(pk=o.pk).update(numchild=F("numchild") + added)
    organisations_added.send(sender=Organisation, organisations=nodes)
    return nodes


def _parents_first(
    specs: Sequence[NewOrganisation], by_code: dict[str, NewOrganisation]
) -> list[NewOrganisation]:
    done: set[str] = set()
    out: list[NewOrganisation] = []
    for spec in specs:
        chain: list[NewOrganisation] = []
        seen: set[str] = set()
        current: NewOrganisation | None = spec
        while current is not None and current.code not in done:
            if current.code in seen:
                raise ValueError(f"Vòng lặp cấp trên ở mã {current.code}")
            seen.add(current.code)
            chain.append(current)
            current = by_code.get(current.parent_code) if current.parent_code else None
        for node in reversed(chain):
            done.add(node.code)
            out.append(node)
    return out


def _step(n: int, steplen: int) -> str:
    key = Organisation._int2str(n)
    if len(key) > steplen:
        raise ValueError("Quá nhiều tổ chức trực thuộc một cấp trên")
    return Organisation.alphabet[0] * (steplen - len(key)) + key


def _next_root_step() -> int:
    last = Organisation.objects.filter(depth=1).aggregate(last=Max("path"))["last"]
    return 1 if last is None else Organisation._str2int(last) + 1


def _next_child_steps(parent_paths: Iterable[str]) -> dict[str, int]:
    """For each parent path, the step number its next child gets (one query per depth)."""
    steplen = Organisation.steplen
    by_depth: dict[int, list[str]] = defaultdict(list)
    for p in parent_paths:
        by_depth[len(p) // steplen].append(p)
    out: dict[str, int] = {}
    for depth, paths in by_depth.items():
        rows = (
            Organisation.objects.filter(depth=depth + 1)
            .annotate(parent_path=Left("path", depth * steplen))
            .filter(parent_path__in=paths)
            .order_by()  # the manager orders by path, which would split the groups
            .values("parent_path")
            .annotate(last=Max("path"))
        )
        for row in rows:
            out[row["parent_path"]] = Organisation._str2int(row["last"][-steplen:]) + 1
    return out


def descendant_counts(parents: Sequence[Organisation]) -> dict[int, dict[int, int]]:
    """For each parent (all of one depth): ``{parent.pk: {level: count of organisations under it}}``.

    One GROUP BY over the subtrees, however many parents and organisations there are.
    """
    if not parents:
        return {}
    steplen = Organisation.steplen
    depth = parents[0].depth
    assert all(p.depth == depth for p in parents), "parents must share a depth"
    by_path = {p.path: p.pk for p in parents}
    common = _common_prefix([p.path for p in parents])
    rows = (
        Organisation.objects.filter(path__startswith=common, depth__gt=depth)
        .annotate(top=Left("path", depth * steplen))
        .filter(top__in=list(by_path))
        .order_by()  # the manager orders by path, which would split the groups
        .values("top", "level")
        .annotate(n=Count("id"))
    )
    out: dict[int, dict[int, int]] = {pk: {} for pk in by_path.values()}
    for row in rows:
        out[by_path[row["top"]]][row["level"]] = row["n"]
    return out


def _common_prefix(paths: Sequence[str]) -> str:
    steplen = Organisation.steplen
    first, last = min(paths), max(paths)
    n = 0
    while n < len(first) and n < len(last) and first[n] == last[n]:
        n += 1
    return first[: n - n % steplen]


def common_ancestor_path(paths: Sequence[str]) -> str:
    """The path of the deepest node that is an ancestor-or-self of every path given."""
    return _common_prefix(paths) if paths else ""
