"""The inbox (notifications of the deadline watcher and other features) and the calendar feeds."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cascade.lib.http import AuthedRequest, safe_next
from directives.access import scope_for
from directives.models import CalendarFeedToken, Notification, Organization
from directives.notifications.ics import CalendarEvent, render_calendar
from directives.notifications.inbox import (
    assignment_path,
    feed_assignments,
    feed_token_for,
    feed_token_regenerate,
    inbox_page,
    notice_text,
    notifications_for,
    notifications_mark_read,
    unread_count,
)


def _get_notification_for_user(request: AuthedRequest, pk: int) -> Notification:
    """A notification of the signed-in person; anyone else's is a 404."""
    notification = notifications_for(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def _row(notification: Notification) -> dict[str, object]:
    return {"n": notification, "text": notice_text(notification), "url": assignment_path(notification.assignment_id)}


@login_required
@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    page = inbox_page(user=request.user, unread_only=unread_only, page=request.GET.get("trang"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "rows": [_row(n) for n in page.object_list], "unread_only": unread_only},
    )


@login_required
@require_GET
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read once opened."""
    notification = _get_notification_for_user(request, pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    return redirect(assignment_path(notification.assignment_id))


@login_required
@require_POST
def notification_mark_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = _get_notification_for_user(request, pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    if getattr(request, "htmx", False):
        notification.read_at = timezone.now()
        context = {"row": _row(notification), "unread_notifications": unread_count(request.user), "oob": True}
        return render(request, "notifications/_row.html", context)
    # Not `redirect()`: it would read a bare word in `next` as a URL name to reverse.
    return HttpResponseRedirect(safe_next(request, reverse("notification_list")))


@login_required
@require_POST
def notification_mark_all_read(request: AuthedRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notification_list")


@login_required
def calendar_feeds(request: AuthedRequest) -> HttpResponse:
    """The person's secret calendar URLs, one per unit they belong to; POST makes a new secret."""
    if request.method == "POST":
        feed_token_regenerate(user=request.user)
        messages.success(request, "Đã tạo địa chỉ lịch mới; các địa chỉ cũ không còn dùng được.")
        return redirect("calendar_feeds")
    token = feed_token_for(request.user)
    units = (
        Organization.objects.filter(memberships__user=request.user)
        .distinct()
        .order_by("path")
        .values_list("code", "name")
    )
    feeds = []
    for code, name in units:
        url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token, "code": code}))
        feeds.append({"name": name, "url": url, "webcal": "webcal://" + url.split("://", 1)[-1]})
    return render(request, "notifications/feeds.html", {"feeds": feeds})


@require_GET
def calendar_feed(request: HttpRequest, token: str, code: str) -> HttpResponse:
    """iCalendar feed of one unit's open deadlines; the secret token stands in for a login."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    unit = Organization.objects.filter(code=code).first()
    if feed is None or unit is None or not scope_for(feed.user).covers(unit):
        raise Http404
    today = timezone.localdate()
    host = urlsplit(settings.SITE_URL).hostname or "cascade"
    events = []
    for assignment in feed_assignments(unit_id=unit.pk, today=today):
        assert assignment.due_on is not None  # feed_assignments() keeps dated assignments only
        task = assignment.task
        number = task.document.number or task.document.get_doc_type_display()
        text = " ".join(task.text.split())
        url = settings.SITE_URL + assignment_path(assignment.pk)
        events.append(
            CalendarEvent(
                uid=f"assignment-{assignment.pk}@{host}",
                day=assignment.due_on,
                summary=f"Hạn: {text[:80]}{'…' if len(text) > 80 else ''} ({number})",
                description=f"{unit.name}\n{number}, nhiệm vụ {task.ordinal}: {text}\n"
                f"Thời hạn: {task.deadline_text or assignment.due_on.strftime('%d/%m/%Y')}\n{url}",
                url=url,
                stamp=assignment.updated_at,
            )
        )
    body = render_calendar(name=f"Cascade — {unit.short_name or unit.name}", events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="cascade-{unit.code}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
