"""A "world" of another unit: one object of every model of the project, all with the same primary key.

The URL walker fills every id-like URL kwarg with that key, so whatever model a view looks up, it
gets an object of a unit the persona must not reach. Texts carry markers the walker looks for in
responses: DATA_MARKER in everything that is a unit's business, ORG_MARKER in organisation names
(which a few pages may show as a public directory, see the allowlist).

Models of the project that have no explicit builder below are built automatically (required fields
filled, foreign keys pointing into the world), so a model added by another feature is covered too;
if that fails, add a builder to BUILDERS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from directives.models import Organization

DATA_MARKER = "ZQXDATA"
ORG_MARKER = "ZQXORG"
OTHER_PK = 900001
SIBLING_PK = 900002
INVITATION_TOKEN = "zqx-world-invitation-token"

# Models that are not any unit's business: the same for everybody who is signed in. Their world
# object gets another key (pk + GLOBAL_OFFSET), so a view of them answers 404 to the walker's ids.
GLOBAL_MODELS = {"directives.calendaroverride"}
GLOBAL_OFFSET = 500


@dataclass
class World:
    pk: int
    root: Organization
    objects: dict[str, models.Model] = field(default_factory=dict)

    def get(self, label: str) -> models.Model | None:
        return self.objects.get(label)

    @property
    def ids(self) -> dict[str, list[Any]]:
        return {label: [obj.pk] for label, obj in self.objects.items()}


def project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts and "site-packages" not in path.parts:
            found.extend(m for m in config.get_models() if not m._meta.proxy and m._meta.managed)
    return found


def _text(world: World, what: str) -> str:
    return f"{DATA_MARKER} {what} {world.pk}"


def _user(world: World) -> models.Model:
    user = get_user_model()(
        pk=world.pk,
        username=f"zqx{world.pk}",
        first_name=DATA_MARKER,
        last_name=f"Người {world.pk}",
        email=f"zqx{world.pk}@example.vn",
    )
    user.set_unusable_password()
    user.save()
    return user


def _alias(world: World) -> models.Model:
    from directives.models import OrganizationAlias

    return OrganizationAlias.objects.create(pk=world.pk, organization=world.root, name=f"{ORG_MARKER} bí danh")


def _membership(world: World) -> models.Model:
    from directives.models import Membership

    return Membership.objects.create(
        pk=world.pk,
        user=world.objects["auth.user"],
        organization=world.root,
        role=Membership.Role.LEADER,
        title=_text(world, "chức vụ"),
    )


def _documents(world: World) -> models.Model:
    from directives.models import Document, Reference

    parent = Document.objects.create(
        pk=world.pk + 10,
        number=f"{DATA_MARKER}-{world.pk + 10}-KL/ZQX",
        doc_type="KL",
        issuer=world.root,
        issuer_name=f"{ORG_MARKER} cơ quan",
        issued_on=dt.date(2023, 6, 15),
        subject=_text(world, "kết luận"),
        text=_text(world, "toàn văn kết luận"),
    )
    document = Document.objects.create(
        pk=world.pk,
        number=f"{DATA_MARKER}-{world.pk}-HD/ZQX",
        doc_type="HD",
        issuer=world.root,
        issuer_name=f"{ORG_MARKER} cơ quan",
        issued_on=dt.date(2023, 9, 12),
        subject=_text(world, "hướng dẫn"),
        text=_text(world, "toàn văn hướng dẫn"),
        signer_name=_text(world, "người ký"),
        primary_parent=parent,
        root=parent,
        created_by=world.objects["auth.user"],
    )
    world.objects["directives.reference"] = Reference.objects.create(
        pk=world.pk, child=document, parent=parent, relation=Reference.Relation.IMPLEMENTS
    )
    return document


def _task(world: World) -> models.Model:
    from directives.models import Task

    return Task.objects.create(
        pk=world.pk,
        document=world.objects["directives.document"],
        text=_text(world, "nhiệm vụ"),
        deadline_text=_text(world, "thời hạn"),
        due_on=dt.date(2023, 10, 31),
        report_to=world.root,
    )


def _assignment(world: World) -> models.Model:
    from directives.models import Assignment

    return Assignment.objects.create(
        pk=world.pk,
        task=world.objects["directives.task"],
        unit=world.root,
        due_on=dt.date(2023, 10, 31),
        status=Assignment.Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_on=dt.date(2023, 10, 20),
        directive=world.objects["directives.document"].root,
    )


def _event(world: World) -> models.Model:
    from directives.models import DeadlineEvent

    return DeadlineEvent.objects.create(
        pk=world.pk, assignment=world.objects["directives.assignment"], kind="overdue", due_on=dt.date(2023, 10, 31)
    )


def _notification(world: World) -> models.Model:
    from directives.models import Notification

    return Notification.objects.create(
        pk=world.pk,
        recipient=world.objects["auth.user"],
        kind="overdue",
        assignment=world.objects["directives.assignment"],
        due_on=dt.date(2023, 10, 31),
        message=_text(world, "thông báo"),
    )


def _calendar(world: World) -> models.Model:
    from directives.models import CalendarOverride

    return CalendarOverride.objects.create(
        pk=world.pk + GLOBAL_OFFSET,
        day=dt.date(2031, 1, 1) + dt.timedelta(days=world.pk % 300),
        is_working=True,
        reason="Làm bù",
    )


def _report(world: World) -> models.Model:
    from reports.models import CompletionReport

    return CompletionReport.objects.create(
        pk=world.pk,
        assignment=world.objects["directives.assignment"],
        status=CompletionReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
        deployment=_text(world, "tình hình triển khai"),
        results=_text(world, "kết quả"),
        shortcomings=_text(world, "hạn chế"),
        participants=123,
        created_by=world.objects["auth.user"],
        submitted_by=world.objects["auth.user"],
    )


def _attachment(world: World) -> models.Model:
    from reports.models import Attachment

    content = f"%PDF-1.4\n% {DATA_MARKER} tệp đính kèm {world.pk}\n".encode()
    attachment = Attachment(
        pk=world.pk,
        report=world.objects["reports.completionreport"],
        original_name=f"{DATA_MARKER}-{world.pk}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=world.objects["auth.user"],
    )
    attachment.file.save(f"zqx-{world.pk}.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def _invitation(world: World) -> models.Model:
    from accounts.models import Invitation
    from accounts.services import token_hash

    return Invitation.objects.create(
        pk=world.pk,
        email=f"zqx-moi-{world.pk}@example.vn",
        organization=world.root,
        role="staff",
        title=_text(world, "chức vụ mời"),
        token_hash=token_hash(f"{INVITATION_TOKEN}-{world.pk}"),
        invited_by=world.objects["auth.user"],
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def _audit(world: World) -> models.Model:
    from accounts.models import AuditEntry

    entry = AuditEntry(
        pk=world.pk,
        actor=world.objects["auth.user"],
        actor_name=_text(world, "người sửa"),
        action="update",
        object_type="directives.assignment",
        object_id=str(world.pk),
        object_repr=_text(world, "giao việc"),
        unit_path=world.root.path,
        changes={"status": ["pending", "submitted"]},
        message=_text(world, "ghi chú"),
    )
    entry.save()
    return entry


# label → builder; order matters (later ones use earlier objects).
BUILDERS: dict[str, Callable[[World], models.Model]] = {
    "auth.user": _user,
    "directives.organizationalias": _alias,
    "directives.membership": _membership,
    "directives.document": _documents,  # also builds directives.reference
    "directives.task": _task,
    "directives.assignment": _assignment,
    "directives.deadlineevent": _event,
    "directives.notification": _notification,
    "directives.calendaroverride": _calendar,
    "reports.completionreport": _report,
    "reports.attachment": _attachment,
    "accounts.invitation": _invitation,
    "accounts.auditentry": _audit,
}


def build_world(*, parent: Organization, pk: int) -> World:
    from tests.factories import OrganizationFactory

    root = OrganizationFactory(
        parent=parent, id=pk, name=f"{ORG_MARKER} Đơn vị {pk}", code=f"zqx-{pk}", symbol_code="ZQX", level=1
    )
    world = World(pk=pk, root=root, objects={"directives.organization": root})
    for label, builder in BUILDERS.items():
        if label not in world.objects:
            world.objects[label] = builder(world)
    for model in project_models():
        label = model._meta.label_lower
        if label not in world.objects:
            world.objects[label] = _auto_build(model, world)
    return world


def _auto_value(f: models.Field[Any, Any], world: World) -> Any:
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return dt.date(2023, 10, 31)
    if isinstance(f, models.JSONField):
        return {"note": DATA_MARKER}
    if isinstance(f, models.EmailField):
        return f"zqx-{world.pk}@example.vn"
    if isinstance(f, models.CharField | models.TextField):
        text = f"{DATA_MARKER} {world.pk}"
        return text[: f.max_length] if f.max_length else text
    return None


def _auto_build(model: type[models.Model], world: World) -> models.Model:
    kwargs: dict[str, Any] = {"pk": world.pk}
    files = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.auto_created:
            continue
        if f.is_relation:
            related = f.related_model._meta.label_lower  # type: ignore[union-attr]
            target = world.objects.get(related)
            if target is None and related in {m._meta.label_lower for m in project_models()}:
                target = world.objects[related] = _auto_build(f.related_model, world)  # type: ignore[arg-type]
            if target is not None:
                kwargs[f.name] = target
            continue
        if isinstance(f, models.FileField):
            files.append(f)
            continue
        value = _auto_value(f, world)
        if value is not None:
            kwargs[f.name] = value
    try:
        obj = model(**kwargs)
        for f in files:
            getattr(obj, f.name).save(f"zqx-{world.pk}.txt", ContentFile(DATA_MARKER.encode()), save=False)
        obj.save()
    except Exception as exc:
        raise RuntimeError(
            f"The URL walker could not build a {model._meta.label} for another unit automatically ({exc!r}); "
            "add a builder to BUILDERS in tests/security/world.py"
        ) from exc
    return obj
