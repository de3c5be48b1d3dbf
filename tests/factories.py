"""factory_boy factories. Organisations go through treebeard so paths are real."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from directives.models import Assignment, Document, DocumentType, Membership, Organization, Task
from reports.models import CompletionReport


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Đảng ủy đơn vị {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.PARTY_COMMITTEE
    level = Organization.Level.GRASSROOTS

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, **kwargs: Any) -> Organization:
        parent = kwargs.pop("parent", None)
        if parent is None:
            return model_class.objects.add_root(kwargs)
        node = model_class.objects.add_child(parent, kwargs)
        parent.refresh_from_db()
        return node


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"A{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-dai-1")

    @factory.post_generation
    def _save(obj, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.SECRETARY


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    number = factory.Sequence(lambda n: f"{n + 1}-HD/BTGTU")
    symbol = "HD/BTGTU"
    doc_type = DocumentType.HD
    issuer = factory.SubFactory(OrganizationFactory)
    issued_on = dt.date(2023, 9, 12)
    subject = "Hướng dẫn triển khai thực hiện Kết luận số 57-KL/TW"
    state = Document.State.LOGGED


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    document = factory.SubFactory(DocumentFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    text = "Tổ chức quán triệt, triển khai Kết luận số 57-KL/TW"
    due_on = dt.date(2023, 10, 31)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(OrganizationFactory)
    due_on = factory.LazyAttribute(lambda a: a.task.due_on)
    directive = factory.LazyAttribute(lambda a: a.task.document.root or a.task.document)


class CompletionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompletionReport

    assignment = factory.SubFactory(AssignmentFactory)
    version = 1
