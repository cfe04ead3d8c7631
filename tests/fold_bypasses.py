"""Finds code that writes a searched field around the save that folds it.

``SearchFoldedField`` computes a row's stored fold on every ``save()`` and bulk insert
(rapport/members/folding.py). ``.update()``, ``bulk_update()`` and raw SQL skip it: one
of them writing a searched field must write ``search_folded`` too, or search goes
stale for that row. Members and keeper people each have a test that reads the code
with this scanner.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITERS = ("update", "bulk_update")


def _root(node: ast.expr) -> str:
    """The name a chain of calls and attributes starts from (``Member`` in
    ``Member.objects.filter(...).update``)."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _names(call: ast.Call) -> set[str]:
    """The field names a call writes: its keywords, and any string constants in it."""
    names = {keyword.arg for keyword in call.keywords if keyword.arg}
    names |= {
        node.value
        for node in ast.walk(call)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return names


def bypasses(
    source: str, *, table: str, fields: Sequence[str], model_named: Callable[[str], bool]
) -> list[str]:
    """Where ``source`` writes one of ``fields`` of ``table`` without its fold: raw SQL
    naming the table and a field, or an ``update``/``bulk_update`` call on a chain
    whose root ``model_named`` accepts."""
    raw_write = re.compile(rf"\b(UPDATE|INSERT\s+INTO|COPY)\s+\"?{table}\"?\W", re.I)
    searched_column = re.compile(rf"\b({'|'.join(fields)})\b")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            sql = node.value
            if raw_write.search(sql) and searched_column.search(sql) and "search_folded" not in sql:
                found.append(f"line {node.lineno}: raw SQL writing a searched column")
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITERS or not model_named(_root(node.func)):
            continue
        names = _names(node)
        if names & set(fields) and "search_folded" not in names:
            found.append(f"line {node.lineno}: {node.func.attr}() of {sorted(names & set(fields))}")
    return found


def bypasses_in_code(
    scan: Callable[[str], list[str]], *, skip_migrations: bool = False
) -> dict[str, list[str]]:
    """``scan``'s findings in every module of rapport/ and benchmarks/, by path."""
    return {
        str(path.relative_to(ROOT)): problems
        for folder in ("rapport", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not (skip_migrations and "migrations" in path.parts)
        and (problems := scan(path.read_text()))
    }
