"""The signed-in user arrives with their district: pages read it without a query of their own."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_a_signed_in_page_loads_the_users_district_with_the_user(client, employee):
    client.force_login(employee)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("requests:mine")).status_code == 200
    assert not [q["sql"] for q in queries if 'FROM "policyportal_district"' in q["sql"]]


def test_an_inactive_user_is_signed_out_on_the_next_request(client, employee):
    client.force_login(employee)
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    response = client.get(reverse("requests:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
