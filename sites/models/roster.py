from django.db import models


class DirectoryObjection(models.Model):
    """A student whose parent or guardian objected to the release of directory information (R14-D7;
    policies 5125 and 5145.15). Imported from the student information system's export."""

    district = models.ForeignKey("policyportal.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("policyportal.School", on_delete=models.PROTECT, related_name="directory_objections")
    student_id = models.CharField(max_length=32)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    grade = models.CharField(max_length=8, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "student_id"], name="objection_student_once_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.student_id})"
