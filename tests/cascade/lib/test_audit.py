"""The audited-model registry: every model the apps list goes through the audited queryset."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from cascade.lib.audit import AUDITED, AuditedModel, AuditedQuerySet, audited_models, register
from directives.models import Assignment, AssignmentQuerySet, Notification
from tests.factories import AssignmentFactory

# What docs/security.md promises the trail covers.
PROMISED = {
    "directives.document",
    "directives.reference",
    "directives.task",
    "directives.assignment",
    "directives.membership",
    "reports.completionreport",
    "reports.attachment",
    "accounts.invitation",
}


def test_each_app_registers_the_models_the_trail_promises_to_cover() -> None:
    assert set(AUDITED) == PROMISED


def test_every_registered_model_writes_through_the_audited_queryset() -> None:
    # The default manager (and the related managers built from it) and the base manager, through
    # which Django's delete collector nulls SET_NULL references; neither serves migrations.
    registered = audited_models()
    assert len(registered) == len(AUDITED) > 0
    escaping = [
        f"{model._meta.label_lower}.{manager.name}"
        for model in registered
        for manager in (model._default_manager, model._base_manager)
        if not isinstance(manager.get_queryset(), AuditedQuerySet) or manager.use_in_migrations
    ]
    assert escaping == []


def test_every_model_with_the_audited_base_is_registered() -> None:
    unregistered = [
        m._meta.label_lower
        for m in apps.get_models()
        if issubclass(m, AuditedModel) and m._meta.label_lower not in AUDITED
    ]
    assert unregistered == []


def test_a_custom_queryset_keeps_its_own_methods_and_is_audited(tree) -> None:
    assignment = AssignmentFactory(unit=tree.district_a)
    related = assignment.task.assignments.all()
    assert isinstance(related, AssignmentQuerySet)
    assert isinstance(related, AuditedQuerySet)
    assert list(Assignment.objects.open().in_subtree(tree.province)) == [assignment]


def test_a_model_without_the_audited_queryset_cannot_be_registered() -> None:
    with pytest.raises(ImproperlyConfigured, match="AuditedQuerySet"):
        register(Notification, unit_path="assignment__unit_path")
    assert "directives.notification" not in AUDITED


def test_djangos_queryset_is_left_as_django_wrote_it() -> None:
    for name in ("update", "bulk_create", "bulk_update"):
        method = models.QuerySet.__dict__[name]
        assert method.__module__ == "django.db.models.query"
        assert method.__qualname__ == f"QuerySet.{name}"
    assert type(Notification.objects.all()) is models.QuerySet
