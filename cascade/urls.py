from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from cascade import views

admin.site.site_header = "Cascade — Quản trị"
admin.site.site_title = "Cascade"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("accounts.urls")),  # login (dang-nhap/), logout (dang-xuat/), passwords, members, audit
    path("", include("directives.urls")),
    path("", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
