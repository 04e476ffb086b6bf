"""The audit trail and the dashboard in words: events and record kinds by their names (never their stored codes),
the Who filter finding people by name, and late work drawn red."""

import re

from django.urls import reverse

from audits.charts import LATE_COLOUR, PALETTE, bar_chart
from policyportal.forms import CHOOSE
from tests import factories

RAW_CODE = re.compile(r"\b(request|site|finding|review|user|auth)\.[a-z_]+\b|socialmediarequest")


def test_the_trail_and_its_filters_name_events_and_records_in_words(client, employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    factories.decide(req, supervisor)
    client.force_login(admin)
    response = client.get(reverse("audits:events"))
    page = response.content.decode()
    assert "Step approved, sent on to the next decider" in page
    assert '<option value="request.step_approved">Step approved, sent on to the next decider</option>' in page
    assert '<option value="socialmediarequest">Request</option>' in page
    shown = re.sub(r'value="[^"]*"', "", page)  # the codes stay as the filters' values, never as words
    assert not RAW_CODE.search(shown), RAW_CODE.search(shown)


def test_the_who_filter_finds_people_by_their_names_and_user_names(client, employee, supervisor, admin):
    employee.first_name, employee.last_name = "Priya", "Natarajan"
    employee.save()
    factories.submitted_request(requester=employee)
    client.force_login(admin)
    for typed in ("Priya", "priya natarajan", "Natarajan", employee.username):
        events = client.get(reverse("audits:events"), {"actor": typed}).context["events"]
        assert {event.actor_id for event in events} == {employee.pk}, typed
    assert not client.get(reverse("audits:events"), {"actor": "Priya Okafor"}).context["events"]


def test_an_overdue_bar_is_red_and_named_never_green():
    svg = bar_chart("monitoring", "Monitoring checks", [("On time", 4), ("Overdue", 2)]).svg_bars
    overdue = svg.split(">Overdue</text>")[1]
    assert f'fill="{LATE_COLOUR}"' in overdue.split("</text>")[0]
    assert PALETTE[1] not in svg, "the palette's green"


def test_an_empty_choice_says_choose_instead_of_dashes(client, employee, supervisor, admin):
    req = factories.submitted_request(requester=employee)
    client.force_login(admin)
    page = client.get(reverse("requests:detail", args=[req.pk])).content.decode()
    assert f'<option value="" selected>{CHOOSE}</option>' in page
    client.force_login(employee)
    for url in (reverse("requests:new"), reverse("requests:detail", args=[req.pk])):
        assert "---------" not in client.get(url).content.decode(), url
