from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cascade import views

admin.site.site_header = "Cascade — Quản trị"
admin.site.site_title = "Cascade"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("directives.urls")),
    path("", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
