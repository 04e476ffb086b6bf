from unittest import mock

from django.db import OperationalError, connection

from policyportal.celery import app as celery_app


def test_healthz_needs_no_login_and_reports_both_services(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_naming_the_broker_when_it_is_down(client, db):
    unreachable = celery_app.connection_for_write(url="redis://127.0.0.1:1/0")
    with mock.patch.object(celery_app, "connection_for_write", return_value=unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


def test_healthz_is_503_naming_the_database_when_it_is_down(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
