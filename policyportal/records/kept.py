"""What the records office leaves of a disposed record: its row, emptied, for the records that point at it."""

from typing import TypeVar

from django.db import models

_Record = TypeVar("_Record", bound=models.Model)


class KeptManager(models.Manager[_Record]):
    """The default manager of a kind of record that disposal empties: disposed records leave every list, count,
    report and page. Foreign keys still resolve through the plain `_base_manager`."""

    def get_queryset(self) -> models.QuerySet[_Record]:
        return super().get_queryset().filter(disposed_at__isnull=True)
