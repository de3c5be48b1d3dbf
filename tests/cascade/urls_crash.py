"""The project's URLs plus a view that fails, to see what a person gets from an unexpected error."""

from django.urls import path

from cascade.urls import urlpatterns as project_urlpatterns


def crash(request):
    raise RuntimeError("secret internals: password=hunter2")


urlpatterns = [*project_urlpatterns, path("zz/loi/", crash)]
