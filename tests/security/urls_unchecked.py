"""The project's URLs plus views planted with (and without) permission checks, for the meta-tests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from cascade.urls import urlpatterns as project_urlpatterns
from directives.access import get_visible_or_404, request_scope
from directives.models import Assignment, Document, Membership, Organization


@login_required
def unchecked_detail(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk)  # the bug: no scope
    return HttpResponse(assignment.task.text)


@login_required
def checked_detail(request, pk):
    assignment = get_visible_or_404(request.user, Assignment, scope=request_scope(request), pk=pk)
    return HttpResponse(assignment.task.text)


@login_required
def unchecked_list(request):
    return HttpResponse("\n".join(Document.objects.values_list("subject", flat=True)))


@login_required
@require_POST
def unchecked_return(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk)
    assignment.status = Assignment.Status.RETURNED
    assignment.save()
    return redirect("home")


@login_required
@require_POST
def unchecked_join(request):
    organization = Organization.objects.filter(pk=request.POST.get("organization")).first()
    if organization is not None:
        Membership.objects.get_or_create(user=request.user, organization=organization, role="leader")
    return redirect("home")


@login_required
def careless_form(request):
    """Writes before validating and never in a transaction: half-writes, and NUL bytes crash it."""
    if request.method == "POST":
        document = Document.objects.create(subject=request.POST.get("subject", ""), number=None)
        if len(request.POST.get("signer", "")) < 3:
            return HttpResponse("Người ký quá ngắn", status=400)  # the document stays, half-written
        document.signer_name = request.POST["signer"]
        document.save()
        return redirect("home")
    return HttpResponse('<form method="post"><input name="subject"><input name="signer"><button>Lưu</button></form>')


def no_login(request):
    return HttpResponse("ai cũng xem được")


urlpatterns = [
    *project_urlpatterns,
    path("zz/khong-kiem-tra/<int:pk>/", unchecked_detail, name="zz_unchecked_detail"),
    path("zz/co-kiem-tra/<int:pk>/", checked_detail, name="zz_checked_detail"),
    path("zz/danh-sach/", unchecked_list, name="zz_unchecked_list"),
    path("zz/tra-lai/<int:pk>/", unchecked_return, name="zz_unchecked_return"),
    path("zz/tu-gia-nhap/", unchecked_join, name="zz_unchecked_join"),
    path("zz/cong-khai/", no_login, name="zz_no_login"),
    path("zz/bieu-mau-au/", careless_form, name="zz_careless_form"),
]
