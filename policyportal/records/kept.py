"""What the records office leaves of a disposed record: its row, emptied, for the records that point at it."""

from django.db import models


class KeptManager(models.Manager):
    """The default manager of a kind of record that disposal empties: disposed records leave every list, count,
    report and page. Foreign keys still resolve through the plain `_base_manager`."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(disposed_at__isnull=True)
