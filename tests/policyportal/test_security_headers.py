from django.urls import reverse


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


def test_hsts_is_sent_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_pages_carry_no_inline_script(client, employee):
    client.force_login(employee)
    page = client.get(reverse("home")).content.decode()
    assert "<script>" not in page
    assert " onclick=" not in page
