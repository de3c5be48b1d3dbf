"""The audit trail: who changed what, when — written for every audited model, append-only.

Which models are audited is not decided here: each app registers its own from its `ready()` in
`cascade.lib.audit` (`register(Document, unit_path="issuer__path", exclude={"text"})`), which
`directives` may import and this module reads (`AUDITED`). Two ways in, and why both:

1. **Automatically**, for the registered models only. A change made anywhere — a service, the
   admin site, a shell, a data fix — is recorded with its field-by-field diff:
   - `save()` / `delete()`: from `post_save` / `post_delete` (the old row is read in `pre_save`);
   - `update()` (hence `bulk_update`) and `bulk_create`, which send no signals: an audited model's
     managers return a `cascade.lib.audit.AuditedQuerySet`, which hands the write to the recorder
     `install()` gives it (`_Trail`). An update reads the affected rows' old values first and
     records each changed row's diff; a bulk create records each new row. Its base manager is
     audited too, so the delete collector's `on_delete=SET_NULL` updates are recorded. Django's
     `QuerySet` itself is not touched: other models' bulk writes neither pay nor record.
   Only raw SQL escapes the trail.
   The acting user comes from a context variable that `AuditContextMiddleware` sets for each
   request, and that services, Celery tasks and commands set with `acting_as(user)`. Signals are
   used *only* for this cross-cutting record, never for business steps (STYLE.md): explicit calls
   alone would miss the admin and every future write path, and a missed write is exactly what an
   audit trail must not have.
2. **Explicitly**, with `record(...)`, for events that are not a row change ("invitation sent",
   "report returned: thiếu số liệu").

Both write in the caller's transaction (a bulk write opens one if the caller has none): a
rolled-back change leaves no entry, and no change is committed without its entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from accounts.models import AuditEntry
from cascade.lib import audit as lib_audit
from cascade.lib.audit import AUDITED
from cascade.lib.orm import one_or_none

if TYPE_CHECKING:
    from django.http import HttpRequest

# Bookkeeping columns whose changes say nothing to a person reading the history.
IGNORED_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "search_text", "next_check_on", "unit_path", "lock_version", "token_hash"}
)
MAX_VALUE_CHARS = 500


# --- Who is acting --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    actor: Any = None
    request: HttpRequest | None = None
    source: str = "system"
    enabled: bool = True


_context: ContextVar[_Context] = ContextVar("cascade_audit_context", default=_Context())  # noqa: B039


def _current_actor(ctx: _Context) -> Any:
    if ctx.actor is not None:
        return ctx.actor
    if ctx.request is not None:
        user = getattr(ctx.request, "user", None)
        if user is not None and user.is_authenticated:
            return user
    return None


@contextlib.contextmanager
def acting_as(user: Any, *, source: str | None = None) -> Iterator[None]:
    """Everything recorded inside is attributed to `user` (services, tasks, commands).

    `source` defaults to the surrounding one ("web" inside a request, else "system")."""
    ctx = _context.get()
    token = _context.set(_Context(actor=user, request=ctx.request, source=source or ctx.source))
    try:
        yield
    finally:
        _context.reset(token)


@contextlib.contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    source = "admin" if request.path.startswith("/admin/") else "web"
    token = _context.set(_Context(request=request, source=source))
    try:
        yield
    finally:
        _context.reset(token)


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """Skip automatic recording (bulk imports that record one summary event themselves)."""
    ctx = _context.get()
    token = _context.set(_Context(actor=ctx.actor, request=ctx.request, source=ctx.source, enabled=False))
    try:
        yield
    finally:
        _context.reset(token)


class AuditContextMiddleware:
    """Attributes every change made while serving a request to the signed-in user."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        with request_context(request):
            return self.get_response(request)


# --- Values and diffs -------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    spec = AUDITED.get(model._meta.label_lower)
    excluded = IGNORED_FIELDS | (spec.exclude if spec else frozenset())
    return [f for f in model._meta.concrete_fields if f.name not in excluded]


def _related_label(field: models.Field[Any, Any], pk: Any, instance: models.Model | None = None) -> Any:
    """A person-readable label for a foreign key: the cached object's str, else one lookup."""
    if pk is None:
        return None
    if instance is not None and field.is_cached(instance):  # type: ignore[attr-defined]
        related = getattr(instance, field.name)
        if related is not None and related.pk == pk:
            return _jsonable(str(related))
    related_model = field.related_model
    assert isinstance(related_model, type)
    obj = one_or_none(related_model._base_manager.filter(pk=pk))
    return _jsonable(str(obj)) if obj is not None else f"#{pk}"


def snapshot(instance: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in _fields(type(instance)):
        raw = getattr(instance, field.attname)
        if field.is_relation:
            values[field.name] = _related_label(field, raw, instance)
        else:
            values[field.name] = _jsonable(raw)
    return values


def _old_row(instance: models.Model, update_fields: Iterable[str] | None) -> dict[str, Any] | None:
    fields = _fields(type(instance))
    if update_fields is not None:
        wanted = set(update_fields)
        fields = [f for f in fields if f.name in wanted or f.attname in wanted]
    if not fields:
        return {}
    return one_or_none(type(instance)._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]))


def _diff(instance: models.Model, old: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for field in _fields(type(instance)):
        if field.attname not in old:
            continue
        before, after = old[field.attname], getattr(instance, field.attname)
        if field.is_relation:
            if before != after:
                changes[field.name] = [_related_label(field, before), _related_label(field, after, instance)]
        elif _jsonable(before) != _jsonable(after):
            changes[field.name] = [_jsonable(before), _jsonable(after)]
    return changes


def unit_path_of(instance: models.Model) -> str:
    """The organisation path an object belongs to, following cached relations where it can."""
    spec = AUDITED.get(instance._meta.label_lower)
    if spec is None:
        return ""
    parts = spec.unit_path.split("__")
    current: Any = instance
    for depth, part in enumerate(parts):
        if current is None:
            return ""
        field = current._meta.get_field(part)
        if not field.is_relation:
            return getattr(current, field.attname) or ""
        if getattr(current, field.attname) is None:
            return ""
        if not field.is_cached(current) and current.pk is not None:
            rest = "__".join(parts[depth:])
            value = one_or_none(type(current)._base_manager.filter(pk=current.pk).values_list(rest, flat=True))
            return value or ""
        current = getattr(current, part)
    return ""


# --- Writing entries ------------------------------------------------------------------------

_UNSET: Any = object()


def _entry(
    *,
    action: str,
    obj: models.Model | None,
    changes: dict[str, Any] | None,
    message: str,
    actor: Any,
    object_type: str | None,
    object_id: Any,
    object_repr: str | None,
    unit_path: str | None,
) -> AuditEntry:
    ctx = _context.get()
    who = _current_actor(ctx) if actor is _UNSET else actor
    request = ctx.request
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEntry(
        actor=who if who is not None and getattr(who, "pk", None) else None,
        actor_name=_actor_name(who),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:255],
        unit_path=unit_path if unit_path is not None else (unit_path_of(obj) if obj is not None else ""),
        changes=_jsonable(changes or {}),
        message=message,
        source=ctx.source,
        ip_address=ip or None,
    )


def _actor_name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = getattr(user, "username", "") or str(user)
    return f"{full} ({username})" if full else username


def record(
    *,
    action: str = AuditEntry.Action.EVENT,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
    actor: Any = _UNSET,
    object_type: str | None = None,
    object_id: Any = None,
    object_repr: str | None = None,
    unit_path: str | None = None,
) -> AuditEntry:
    """Record one entry now, in the caller's transaction. `actor` defaults to whoever is acting."""
    entry = _entry(
        action=action,
        obj=obj,
        changes=changes,
        message=message,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        unit_path=unit_path,
    )
    entry.save()
    return entry


def record_created(objs: Iterable[models.Model], *, message: str = "", actor: Any = _UNSET) -> list[AuditEntry]:
    """After `bulk_create` of audited rows (which sends no signals): one entry per row."""
    entries = [
        _entry(
            action=AuditEntry.Action.CREATE,
            obj=obj,
            changes={k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")},
            message=message,
            actor=actor,
            object_type=None,
            object_id=None,
            object_repr=None,
            unit_path=None,
        )
        for obj in objs
        if obj.pk is not None
    ]
    return AuditEntry.objects.bulk_create(entries)


def history_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(obj).select_related(None)


# --- Signal receivers (connected for the registered models only) ----------------------------


def _enabled(sender: type[models.Model]) -> bool:
    return _context.get().enabled and sender._meta.label_lower in AUDITED


def _on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _enabled(sender) or instance._state.adding or instance.pk is None:
        return
    instance._audit_old = _old_row(instance, kwargs.get("update_fields"))  # type: ignore[attr-defined]


def _on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _enabled(sender):
        return
    old = instance.__dict__.pop("_audit_old", None)
    if created or old is None:
        values = snapshot(instance)
        record(
            action=AuditEntry.Action.CREATE,
            obj=instance,
            changes={k: [None, v] for k, v in values.items() if v not in (None, "")},
        )
        return
    changes = _diff(instance, old)
    if changes:
        record(action=AuditEntry.Action.UPDATE, obj=instance, changes=changes)


def _on_pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _enabled(sender):
        # The row (and the rows its path is read from) may be gone after the delete.
        instance._audit_unit_path = unit_path_of(instance)  # type: ignore[attr-defined]
        instance._audit_repr = str(instance)  # type: ignore[attr-defined]


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _enabled(sender):
        return
    values = {k: [v, None] for k, v in snapshot(instance).items() if v not in (None, "")}
    record(
        action=AuditEntry.Action.DELETE,
        obj=None,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        object_repr=instance.__dict__.pop("_audit_repr", None) or str(instance),
        unit_path=instance.__dict__.pop("_audit_unit_path", ""),
        changes=values,
    )


# --- Bulk writes: AuditedQuerySet.update() / bulk_create() hand them over ----------------------


def _record_update(queryset: models.QuerySet[Any], values: dict[str, Any], apply: Callable[[], int]) -> int:
    model = queryset.model
    label = model._meta.label_lower
    if not _context.get().enabled or label not in AUDITED:
        return apply()
    names = {f.name for f in _fields(model)} | {f.attname for f in _fields(model)}
    tracked = [model._meta.get_field(key) for key in values if key in names]
    if not tracked:
        return apply()
    attnames = [f.attname for f in tracked]
    spec = AUDITED[label]
    before = {
        row["pk"]: row for row in queryset.values("pk", *attnames, _audit_unit_path=models.F(spec.unit_path)).order_by()
    }
    count = apply()
    if not before:
        return count
    after = {row["pk"]: row for row in model._base_manager.filter(pk__in=list(before)).values("pk", *attnames)}
    entries = []
    for pk, old in before.items():
        new = after.get(pk, {})
        changes = {}
        for f in tracked:
            was, now = old.get(f.attname), new.get(f.attname)
            if was != now:
                changes[f.name] = (
                    [_related_label(f, was), _related_label(f, now)]
                    if f.is_relation
                    else [_jsonable(was), _jsonable(now)]
                )
        if changes:
            entries.append(
                _entry(
                    action=AuditEntry.Action.UPDATE,
                    obj=None,
                    changes=changes,
                    message="",
                    actor=_UNSET,
                    object_type=label,
                    object_id=pk,
                    object_repr=f"{str(model._meta.verbose_name).capitalize()} #{pk}",
                    unit_path=old.get("_audit_unit_path") or "",
                )
            )
    AuditEntry.objects.bulk_create(entries)
    return count


def _connect_signals(model: type[models.Model]) -> None:
    uid = f"cascade-audit-{model._meta.label_lower}"
    pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"{uid}-pre-save")
    post_save.connect(_on_post_save, sender=model, dispatch_uid=f"{uid}-post-save")
    pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
    post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"{uid}-post-delete")


class _Trail:
    """The recorder `cascade.lib.audit` sends the audited models' writes to."""

    def watch(self, model: type[models.Model]) -> None:
        _connect_signals(model)

    def update(self, queryset: models.QuerySet[Any], values: dict[str, Any], apply: Callable[[], int]) -> int:
        return _record_update(queryset, values, apply)

    def created(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        if _context.get().enabled:
            record_created(objs)  # rows without a pk (ignore_conflicts) are skipped


def install() -> None:
    """Record the registered models' saves, deletes and bulk writes (from `AccountsConfig.ready`)."""
    lib_audit.install(_Trail())
