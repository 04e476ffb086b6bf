"""The request page links the site its approval opened, for whoever may open that site; anyone else who sees
the request reads the site's name only."""

from django.urls import reverse

from policyportal.models import Role
from requests import services
from sites.models import Site
from tests import factories


def test_the_request_page_links_its_site_for_those_who_may_open_it(client, west_hartford, admin, employee):
    stand_in = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=admin)
    request = factories.submitted_request(requester=employee, site_name="Chess Club")
    services.request_reassign(
        request=request, by=admin, to=stand_in, reason="Away this week.", expected_version=request.version
    )
    factories.decide(request, stand_in)
    while request.status == "pending":  # the district office's step, if the district has one
        factories.decide(request, request.current_decider)
    site = Site.objects.get(request=request)
    site_link = f'href="{reverse("sites:detail", args=[site.pk])}"'

    for person, links in ((employee, True), (admin, True), (stand_in, False)):
        client.force_login(person)
        page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
        assert "Chess Club" in page
        assert (site_link in page) is links, person.username
        if not links:
            assert client.get(reverse("sites:detail", args=[site.pk])).status_code == 404


def test_the_request_page_says_each_decision_as_a_record_does(client, employee, supervisor):
    """ "Approved", as the written permission and the site file print it, not the form's choice "Approve"."""
    request = factories.submitted_request(requester=employee, site_name="Chess Club")
    factories.decide(request, supervisor)
    client.force_login(employee)
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "Step 1: <strong>Approved</strong>" in page
    assert "<strong>Approve</strong>" not in page
