"""Tiny environment readers for settings: they fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, TypeVar, overload

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """A string from `NAME`, or from the file named by `NAME_FILE` (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


@overload
def env_list(name: str, default: list[str] | None = None) -> list[str]: ...
@overload
def env_list(name: str, default: list[T] | None = None, *, cast: type[T]) -> list[T]: ...
def env_list(name: str, default: list[Any] | None = None, *, cast: type[Any] = str) -> list[Any]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    items = [item.strip() for item in raw.split(",") if item.strip()]
    try:
        return [cast(item) for item in items]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} has an item that is not {cast.__name__}") from exc


def secret_key(path: Path) -> str:
    """`SECRET_KEY` (or `SECRET_KEY_FILE`); else a key generated once and kept in `path`.

    The generated file is git-ignored, so every checkout gets its own key and none is committed.
    """
    key = env_str("SECRET_KEY")
    if key:
        return key
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
        return key
