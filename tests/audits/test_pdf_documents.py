"""The board-ready PDFs and the written permission are tagged PDF/UA: a screen reader finds their language,
title, headings and table headers, and no table cell breaks a word across lines ('Acceptan/ce', 'Facebo/ok')."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from audits.models import AuditEvent
from audits.reports.site_file import site_file_sections
from policyportal import pdf
from policyportal.models import User
from requests import written_permission
from requests.models import SocialMediaRequest
from sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def wh_admin(db):
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(username="wh.admin")


def structure_types(node) -> list[str]:
    node = node.get_object()
    found = [str(node["/S"])] if "/S" in node else []
    children = node.get("/K")
    if children is None or not hasattr(children, "get_object"):
        return found
    children = children.get_object()
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "get_object") and isinstance(child.get_object(), dict):
            found += structure_types(child)
    return found


def words(text: str) -> set[str]:
    """Words as a reader sees them; a long address may wrap after a slash."""
    return set(re.split(r"[\s/]+", text)) - {""}


def assert_tagged(body: bytes, title: str, headings: int, header_cells: int) -> PdfReader:
    reader = PdfReader(io.BytesIO(body))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-US"
    assert reader.metadata.title == title
    types = structure_types(catalog["/StructTreeRoot"])
    assert types.count("/H1") == 1
    assert types.count("/H2") == headings
    assert types.count("/TH") >= header_cells  # a table that runs onto the next page repeats its header
    assert "/TD" in types
    return reader


def assert_no_word_broken(reader: PdfReader, cells) -> None:
    printed = words(" ".join(page.extract_text() for page in reader.pages))
    broken = {word for value in cells for word in words(str(value))} - printed
    assert not broken, f"words split across lines: {sorted(broken)}"


def test_the_site_file_is_tagged_and_breaks_no_word(client, wh_admin):
    client.force_login(wh_admin)
    site = Site.objects.get(name="Hall Varsity Soccer")
    response = client.get(reverse("reports:site_file", args=[site.pk]))
    sections = site_file_sections(site)
    tables = [(header, rows) for _, header, rows in sections if rows]
    reader = assert_tagged(
        response.content,
        "Site file: Hall Varsity Soccer",
        headings=len(sections),
        header_cells=sum(len(header) for header, _ in tables),
    )
    assert_no_word_broken(reader, [value for header, rows in tables for row in [header, *rows] for value in row])
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Step 1 David Okafor" in text and "Approved" in text and "Approve " not in text
    assert site.request.snapshot_hash not in text.replace("\n", ""), "no fingerprint for the board"
    assert AuditEvent.objects.filter(action="export.pdf", target_id=str(site.pk)).count() == 1


def test_the_compliance_report_is_tagged_landscape_and_breaks_no_word(client, wh_admin):
    client.force_login(wh_admin)
    response = client.get(reverse("reports:report", args=["sites"]), {"format": "pdf"})
    reader = assert_tagged(response.content, "Site compliance", headings=1, header_cells=8)
    page = reader.pages[0].mediabox
    assert page.width > page.height
    assert_no_word_broken(reader, ["Hall Varsity Soccer", "Tom Ricci", "Hall High School", "Findings open"])


def test_narrow_columns_of_long_words_widen_instead_of_breaking_them():
    header = ["Platform", "Acceptance", "Responsibilities", "Acknowledgment", "Administrator", "Recommendation"]
    row = ["Facebook", "Acceptance pending", "Superintendent", "Acknowledgments", "Administrators", "Unacceptable"]
    body = pdf.tables("Stress", "Long words in narrow columns", [("Words", header, [row] * 3)])
    reader = assert_tagged(body, "Stress", headings=1, header_cells=len(header))
    assert_no_word_broken(reader, header + row)


def test_the_written_permission_is_tagged_breaks_no_word_and_is_recorded(client, wh_admin):
    req = SocialMediaRequest.objects.get(site_name="Hall Varsity Soccer")
    client.force_login(req.requester)
    response = client.get(reverse("requests:permission_pdf", args=[req.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="written-permission-{req.pk}.pdf"'
    site = written_permission.site_rows(req)
    decisions = written_permission.decision_rows(req.decisions.all())
    header_cells = len(site) + len(written_permission.DECISION_HEADER)
    reader = assert_tagged(response.content, "Written permission: Hall Varsity Soccer", 3, header_cells)
    cells = [value for row in [*site, written_permission.DECISION_HEADER, *decisions] for value in row]
    assert_no_word_broken(reader, cells)
    text = reader.pages[-1].extract_text()
    assert "Approved" in text and "Approve " not in text
    assert f"as the district's audit trail records it: {req.snapshot_hash}" in text.replace("\n", " ")
    event = AuditEvent.objects.get(action="export.pdf", target_type="socialmediarequest", target_id=str(req.pk))
    assert (event.actor, event.payload["report"]) == (req.requester, "written_permission")


def test_the_written_permission_pdf_is_404_where_the_page_is(client, wh_admin):
    approved = SocialMediaRequest.objects.get(site_name="Hall Varsity Soccer")
    pending = SocialMediaRequest.objects.get(site_name="Hall Robotics Club")
    client.force_login(User.objects.get(username="r14.admin"))
    assert client.get(reverse("requests:permission_pdf", args=[approved.pk])).status_code == 404
    client.force_login(wh_admin)
    assert client.get(reverse("requests:permission_pdf", args=[pending.pk])).status_code == 404
    assert client.get(reverse("requests:permission", args=[pending.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export.pdf").exists()
