from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cascade.devtools.demo.data import DEMO_PASSWORD
from cascade.devtools.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo cascade (organisations, seed documents, assignments, one user per role). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo(today=timezone.localdate())
        self.stdout.write(
            f"Demo: {summary.organizations} tổ chức, {summary.documents} văn bản, {summary.assignments} giao việc."
        )
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in summary.users:
            self.stdout.write(f"  {username:<8} {role:<10} {unit}")
