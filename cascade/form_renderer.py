"""The form renderer: Django's widget templates through Jinja2, everything else through Django.

Rendering a form's widgets through the Django template engine costs ~0.5 ms per widget; Django ships
the same widget templates for Jinja2 (django/forms/jinja2), which render them several times faster.
Django's `forms.renderers.Jinja2` alone cannot render the admin's widgets (`admin/widgets/*.html`
exist only as Django templates), so a template Jinja2 does not have falls back to the Django engine.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self._jinja = Jinja2()
        self._django = DjangoTemplates()
        self._django_only: set[str] = set()  # names Jinja2 lacks, so a miss is looked up once

    def get_template(self, template_name: str) -> Any:
        if template_name not in self._django_only:
            try:
                return self._jinja.get_template(template_name)
            except TemplateDoesNotExist:
                self._django_only.add(template_name)
        return self._django.get_template(template_name)
