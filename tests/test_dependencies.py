"""DESIGN.md: `requests/` is our app. The HTTP library of that name must never be installed."""

import importlib.metadata
from pathlib import Path

import pytest

import requests as imported


def test_the_requests_http_library_is_not_installed():
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("requests")


def test_import_requests_is_the_portal_app():
    assert Path(imported.__file__).parent == Path(__file__).resolve().parent.parent / "requests"
