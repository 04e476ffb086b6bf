import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditEvent
from sites.personal.models import DirectoryObjection
from sites.personal.services import roster
from tests import factories

HEADER = "student_id,first_name,last_name,preferred_name,school,grade\n"


def good(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            good("1001,Zoë,O'Brien,Zee,Nonnewaug High School,10\n", ",Ann,Lee,,Nonnewaug High School,11\n"),
            "Line 3: The student id is missing.",
        ),
        (good("1001,Zoë,O'Brien,Zee,Hogwarts,10\n"), "Line 2: 'Hogwarts' is not a school of the district."),
        (
            good("1001,Zoë,O'Brien,,Nonnewaug High School,10\n", "1001,Zoë,O'Brien,,Nonnewaug High School,10\n"),
            "Line 3: Student 1001 is listed twice (also on line 2).",
        ),
        ((HEADER + "1001,Zoë,O'Brien,,Nonnewaug High School,10\n").encode("latin-1"), "is not UTF-8 text"),
        (good('1001,=HYPERLINK("x"),O\'Brien,,Nonnewaug High School,10\n'), "starts like a spreadsheet formula"),
        (b"id,name\n1,x\n", "The header lacks the columns student_id, first_name, last_name, school."),
    ],
)
def test_a_file_with_any_bad_row_is_refused_whole_with_reasons(r14_admin, nonnewaug, objected, content, reason):
    before = list(DirectoryObjection.objects.values_list("student_id", flat=True))
    with pytest.raises(ValidationError) as refusal:
        roster.roster_import(district=r14_admin.district, by=r14_admin, content=content, replace=True)
    assert any(reason in message for message in refusal.value.messages), refusal.value.messages
    assert list(DirectoryObjection.objects.values_list("student_id", flat=True)) == before
    assert not AuditEvent.objects.filter(action="roster.imported").exists()


def test_merge_keeps_others_and_replace_makes_the_file_the_whole_list(r14_admin, nonnewaug, objected):
    content = good("1001,Zoë,O'Brien,Zee,nonnewaug high school,11\n", "1003,Luis,Peña,,Nonnewaug High School,9\n")
    roster.roster_import(district=r14_admin.district, by=r14_admin, content=content, replace=False)
    assert sorted(DirectoryObjection.objects.values_list("student_id", flat=True)) == ["1001", "1002", "1003"]
    assert DirectoryObjection.objects.get(student_id="1001").grade == "11"
    roster.roster_import(district=r14_admin.district, by=r14_admin, content=content, replace=True)
    assert sorted(DirectoryObjection.objects.values_list("student_id", flat=True)) == ["1001", "1003"]
    assert AuditEvent.objects.filter(action="roster.imported").count() == 2


def test_only_administrators_and_the_schools_supervisors_see_the_list_and_each_view_is_recorded(
    client, region_14, nonnewaug, objected, r14_admin, r14_supervisor, r14_employee, outsider
):
    other_school = factories.school(district=region_14, name="Woodbury Middle School")
    at_nonnewaug = factories.user(district=region_14, role="supervisor", username="nhs", school=nonnewaug)
    at_woodbury = factories.user(district=region_14, role="supervisor", username="wms", school=other_school)
    client.force_login(at_nonnewaug)
    assert "O&#x27;Brien" in client.get(reverse("sites:roster")).content.decode()
    assert AuditEvent.objects.filter(action="roster.viewed", actor=at_nonnewaug).count() == 1
    client.force_login(at_woodbury)
    assert "O&#x27;Brien" not in client.get(reverse("sites:roster")).content.decode()
    for stranger in (r14_employee, outsider):
        client.force_login(stranger)
        assert client.get(reverse("sites:roster")).status_code == 404
    with pytest.raises(PermissionDenied):
        roster.roster_import(district=region_14, by=at_nonnewaug, content=good(), replace=False)


def test_the_import_page_previews_then_imports_on_confirmation(client, r14_admin, nonnewaug):
    client.force_login(r14_admin)
    upload = SimpleUploadedFile("roster.csv", good("2001,Maya,Cruz,,Nonnewaug High School,12\n"), "text/csv")
    preview = client.post(reverse("sites:roster_preview"), {"file": upload, "mode": "merge"})
    assert "1 student will be" in " ".join(preview.content.decode().split())
    assert not DirectoryObjection.objects.exists()
    client.post(reverse("sites:roster_import"))
    assert DirectoryObjection.objects.get().last_name == "Cruz"
    assert client.post(reverse("sites:roster_import"), follow=True).status_code == 200
    assert DirectoryObjection.objects.count() == 1
