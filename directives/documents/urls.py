"""Documents: logging ("Nhập văn bản"), the document page with its place in the tree, search."""

from django.urls import path

from directives.documents import views

urlpatterns = [
    path("van-ban/", views.document_list, name="document_list"),
    path("van-ban/nhap/", views.document_new, name="document_new"),
    path("van-ban/nhap/<int:pk>/", views.document_import, name="document_import"),
    path("van-ban/nhap/<int:pk>/tien-do/", views.document_import_progress, name="document_import_progress"),
    path("van-ban/nhap/<int:pk>/trang/<int:number>/", views.document_import_page, name="document_import_page"),
    path("van-ban/nhap/<int:pk>/ban-co-chu/", views.document_import_searchable, name="document_import_searchable"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/tep-goc/", views.document_source, name="document_source"),
]
