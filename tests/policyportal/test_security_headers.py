from django.urls import reverse

from tests.policyportal.test_configuration import PRODUCTION, manage


def test_every_page_sends_the_security_headers(client, employee):
    client.force_login(employee)
    for response in [client.get(reverse("login")), client.get(reverse("home"))]:
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_redirect_to_https_and_send_hsts():
    script = (
        "from django.test import Client; r = Client().get('/healthz', secure=True); "
        "print(r['Strict-Transport-Security']); print(Client().get('/accounts/login/').status_code)"
    )
    result = manage("shell", "-c", script, **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"})
    hsts, plain_http = result.stdout.strip().splitlines()[-2:]
    assert hsts == "max-age=31536000; includeSubDomains; preload", result.stderr
    assert plain_http == "301"


def test_pages_carry_no_inline_script(client, employee):
    client.force_login(employee)
    page = client.get(reverse("home")).content.decode()
    assert "<script>" not in page
    assert " onclick=" not in page
