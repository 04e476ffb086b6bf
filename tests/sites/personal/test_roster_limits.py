"""A roster row the list cannot keep is refused at the preview, by line; a refused preview leaves nothing to import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditEvent
from sites.personal.models import DirectoryObjection

HEADER = "student_id,first_name,last_name,preferred_name,school,grade\n"
GOOD_ROW = "2001,Maya,Cruz,,Nonnewaug High School,12\n"


def upload(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("roster.csv", (HEADER + "".join(rows)).encode(), "text/csv")


def preview(client, *rows: str):
    return client.post(reverse("sites:roster_preview"), {"file": upload(*rows), "mode": "merge"})


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("S" * 33 + ",Maya,Cruz,,Nonnewaug High School,12\n", "Line 3: The student id 'SSS"),
        ("2002,Maya,Cruz,,Nonnewaug High School,Kindergarten\n", "is longer than 8 characters"),
        ("2002," + "M" * 101 + ",Cruz,,Nonnewaug High School,12\n", "is longer than 100 characters"),
        ("2002,Maya,Cr\x00uz,,Nonnewaug High School,12\n", "Line 3: The last name holds a control character"),
        ('2002,Maya,"Cr\nuz",,Nonnewaug High School,12\n', "The last name holds a control character"),
        ('2002,"' + "x" * 200_000 + '",Cruz,,Nonnewaug High School,12\n', "cannot be read as CSV"),
    ],
)
def test_a_row_the_list_cannot_keep_is_refused_at_the_preview_by_line(client, r14_admin, nonnewaug, row, reason):
    client.force_login(r14_admin)
    response = preview(client, GOOD_ROW, row)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Nothing was imported" in page
    assert reason.replace("'", "&#x27;") in page
    confirm = client.post(reverse("sites:roster_import"), follow=True)
    assert "Nothing is waiting to be imported" in confirm.content.decode()
    assert not DirectoryObjection.objects.exists()
    assert not AuditEvent.objects.filter(action="roster.imported").exists()


def test_a_refused_preview_discards_the_accepted_one_before_it(client, r14_admin, nonnewaug):
    client.force_login(r14_admin)
    assert "1 student will be" in " ".join(preview(client, GOOD_ROW).content.decode().split())
    assert (
        "Nothing was imported"
        in preview(client, "2002,Maya,Cruz,,Nonnewaug High School,Kindergarten\n").content.decode()
    )
    confirm = client.post(reverse("sites:roster_import"), follow=True)
    assert "Nothing is waiting to be imported" in confirm.content.decode()
    assert not DirectoryObjection.objects.exists()


def test_a_school_that_is_no_number_shows_the_whole_list(client, r14_admin, nonnewaug):
    client.force_login(r14_admin)
    for school in ("²", "99999999999999999999", "-1"):
        assert client.get(reverse("sites:roster"), {"school": school}).status_code == 200
