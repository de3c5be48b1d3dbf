"""Which models the audit trail records, and the queryset through which their bulk writes reach it.

The trail itself (entries, diffs, who is acting) is `accounts.audit`; the models it records belong
to `directives`, `reports` and `accounts`, and `directives` may not import `accounts`. So the two
meet here, in a module every app may import:

- each app registers its own audited models from its `AppConfig.ready()`:
  `register(Document, unit_path="issuer__path", exclude={"text"})` — `unit_path` is the lookup from
  the model to an organisation path (who may read an entry), `exclude` the fields not worth a diff;
- an audited model inherits `AuditedModel`, so its `objects` — and its base manager, which Django's
  delete collector uses to null `on_delete=SET_NULL` references — return an `AuditedQuerySet`
  (a model with its own queryset subclasses `AuditedQuerySet`). Its `update()` (and so
  `bulk_update()`) and `bulk_create()`, which send no model signals, hand the write to the
  installed `Recorder`. Django's `QuerySet` is left as it is: other models' bulk writes cost
  nothing and record nothing;
- `accounts.audit` installs the recorder at start-up (`install`); the recorder is also told of each
  registered model (`Recorder.watch`) to hook its saves and deletes, whichever app is ready first.

`register` refuses a model whose managers do not return an `AuditedQuerySet`: a model cannot be
listed as audited while its bulk writes escape the trail.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

_M = TypeVar("_M", bound=models.Model)
# The row type of a queryset (django-stubs), so rows of `.annotate()` and `.values()` keep their fields.
_Row = TypeVar("_Row", covariant=True)


@dataclass(frozen=True)
class Audited:
    """How to audit one model: where its organisation path is, and which fields to leave out."""

    unit_path: str  # a lookup from the model to an organisation path, e.g. "assignment__unit_path"
    exclude: frozenset[str] = frozenset()


class Recorder(Protocol):
    """What the audit trail (`accounts.audit`) does with the audited models' writes."""

    def watch(self, model: type[models.Model]) -> None:
        """Start recording the model's saves and deletes (they send signals)."""

    def update(self, queryset: models.QuerySet[Any], values: dict[str, Any], apply: Callable[[], int]) -> int:
        """Read the rows' old values, run `apply` (the plain UPDATE), record each changed row."""

    def created(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        """Record each row a bulk create inserted."""


# The audited models by label ("directives.assignment"), filled by the apps' `ready()`.
AUDITED: dict[str, Audited] = {}
_models: dict[str, type[models.Model]] = {}
_recorder: Recorder | None = None


class AuditedQuerySet(models.QuerySet[_M, _Row]):
    """A queryset whose bulk writes are recorded, in the transaction that makes them."""

    def update(self, **kwargs: Any) -> int:
        recorder = _recorder
        if recorder is None or self.model._meta.label_lower not in AUDITED:
            return super().update(**kwargs)
        self._for_write = True
        with transaction.atomic(using=self.db, savepoint=False):
            return recorder.update(self, kwargs, functools.partial(super().update, **kwargs))

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        recorder = _recorder
        if recorder is None or self.model._meta.label_lower not in AUDITED:
            return super().bulk_create(objs, *args, **kwargs)
        self._for_write = True
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            recorder.created(self.model, created)
        return created


class AuditedModel(models.Model):
    """The base of an audited model: its default and base managers return an `AuditedQuerySet`.

    Abstract, so no table changes. A subclass declares its own `Meta` (not derived from this one),
    so no model option changes; the manager is called `objects` and does not serve migrations: the
    models' migrations stay as they are."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True
        # Django nulls `on_delete=SET_NULL` references through the base manager's `update()`; a
        # subclass whose own Meta leaves this unset takes its first parent's, so the base manager
        # of every audited model is its `objects`.
        base_manager_name = "objects"


def _uses_audited_queryset(model: type[models.Model]) -> bool:
    managers = (model._default_manager, model._base_manager)
    return all(isinstance(manager.get_queryset(), AuditedQuerySet) for manager in managers)


def register(model: type[models.Model], *, unit_path: str, exclude: Iterable[str] = ()) -> None:
    """Record every change to `model` (from its app's `ready()`)."""
    if not _uses_audited_queryset(model):
        raise ImproperlyConfigured(
            f"{model._meta.label} is audited but its managers do not return an AuditedQuerySet: "
            "inherit cascade.lib.audit.AuditedModel (and subclass AuditedQuerySet for a custom queryset)."
        )
    label = model._meta.label_lower
    AUDITED[label] = Audited(unit_path, frozenset(exclude))
    _models[label] = model
    if _recorder is not None:
        _recorder.watch(model)


def install(recorder: Recorder) -> None:
    """Send the audited models' writes to `recorder` (the audit trail, at start-up)."""
    global _recorder
    _recorder = recorder
    for model in _models.values():
        recorder.watch(model)


def audited_models() -> list[type[models.Model]]:
    return list(_models.values())
