"""What ties a login to a process in a database copy: the models a process's
rows lead to, and a raw scan of their tables for login ids.

Shared by ``test_adv5_login_seat_join.py`` and the seizure drill.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection, models

from backchannel.accounts.models import User
from backchannel.processes.models import Process

# Columns that may reference a login from a row a process leads to, each with
# why it is not a leak. Anything else fails the walk of
# ``test_adv5_login_seat_join.py`` and the scans.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "processes.DestroyRequest",
        "requested_by",
    ): "who asked to destroy the process stays on the record in clear, by "
    "design: the audit log keeps the same actor in clear (core.audit.CLEAR_VERBS, "
    "'process.destroy_request') for accountability, and the row is deleted "
    "with the process.",
}


def _allowed_columns() -> set[tuple[str, str]]:
    return {
        (apps.get_model(label)._meta.db_table, f"{name}_id") for label, name in ALLOWED
    }


def _targets(model: type[models.Model]) -> list[type[models.Model]]:
    """The models ``model`` points at (foreign keys, one-to-one, many-to-many)."""
    out = []
    for f in model._meta.get_fields():
        if f.is_relation and not f.auto_created and f.related_model is not None:
            out.append(f.related_model)
    return out


def process_scoped_models() -> set[type[models.Model]]:
    """Models whose rows belong to one process: a foreign key to ``Process``,
    or to a model that has one (a seat, an invitation of a seat, an uptake of
    a transfer...), to any depth."""
    scoped: set[type[models.Model]] = {Process}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model not in scoped and any(t in scoped for t in _targets(model)):
                scoped.add(model)
                grew = True
    return scoped


def models_a_process_leads_to() -> set[type[models.Model]]:
    """Process-scoped models and every model their foreign keys reach (a seat's
    person, the person's organisation...): a join can follow each of them."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set(process_scoped_models())
    todo = list(found)
    while todo:
        for target in _targets(todo.pop()):
            if target is not user_model and target not in found:
                found.add(target)
                todo.append(target)
    return found


def links_to_logins(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` that are relations to the users table."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation and not f.auto_created and f.related_model is user_model
    ]


def login_id_forms() -> dict[str, str]:
    """Every login's id as a dump may print it (dashed or 32 hex digits),
    mapped to its username."""
    forms = {}
    for pk, username in User.objects.values_list("pk", "username"):
        forms[str(pk)] = username
        forms[pk.hex] = username
    return forms


def _cells(table: str) -> list[tuple[str, str]]:
    """(column, value as text) for every cell of a table, read with SQL alone."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
        columns = [c[0] for c in cursor.description]
        out = []
        for row in cursor.fetchall():
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, (bytes, memoryview)):
                    text = bytes(value).decode("latin-1")
                else:
                    text = str(value)
                out.append((column, text))
    return out


def logins_in_clear(
    tables: set[str] | None = None,
) -> dict[tuple[str, str], set[str]]:
    """Which (table, column) of the given tables (by default, those of every
    model a process leads to) hold a login's id in clear, and whose; the
    columns of :data:`ALLOWED` are left out."""
    if tables is None:
        tables = {m._meta.db_table for m in models_a_process_leads_to()}
    forms = login_id_forms()
    allowed = _allowed_columns()
    hits: dict[tuple[str, str], set[str]] = {}
    for table in sorted(tables):
        for column, text in _cells(table):
            for form, username in forms.items():
                if form in text and (table, column) not in allowed:
                    hits.setdefault((table, column), set()).add(username)
    return hits
