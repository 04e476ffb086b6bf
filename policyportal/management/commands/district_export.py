"""`manage.py district_export SLUG --out DIR`: everything of one district, for the district to keep at the end of a
contract. One CSV per table (`tables/<table>.csv`), every stored file under `files/`, and `manifest.json` with
each file's size and SHA-256, the rows per table and the head of the district's audit chain."""

import csv
import datetime
import hashlib
import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from policyportal.models import District
from policyportal.records import district_scope


def cell(value) -> str:
    """A value as it is stored, not as a spreadsheet would show it: an empty cell is empty text or no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Write everything of one district to a folder: a CSV per table, its files and a manifest with hashes."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The district's slug, e.g. west-hartford.")
        parser.add_argument("--out", required=True, type=Path, help="A new or empty folder to write to.")

    def handle(self, *args, slug: str, out: Path, **options):
        district = District.objects.filter(slug=slug).first()
        if district is None:
            raise CommandError(f"No district with the slug {slug!r}: nothing was written.")
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise CommandError(f"{out} is not an empty folder: choose a new one, so that nothing is mixed in.")
        out.mkdir(parents=True, exist_ok=True)
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":  # every table and the chain head as of one moment
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            manifest = self._export(district, out)
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Exported {district.name}: {rows} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['stored_files'])} stored files to {out} (manifest.json lists each file's SHA-256)."
        )

    def _export(self, district: District, out: Path) -> dict:
        tables = {}
        for table in district_scope.tables():
            path = Path("tables") / f"{table.name}.csv"
            tables[table.label] = {"file": str(path), "rows": self._write_table(table, district.pk, out / path)}
        stored = []
        for storage, name in district_scope.stored_files(district.pk):
            path = Path("files") / district_scope.safe_file_path(name)
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, (out / path).open("wb") as target:
                shutil.copyfileobj(source, target)
            stored.append(str(path))
        files = [
            {"path": str(path.relative_to(out)), "size": path.stat().st_size, "sha256": sha256_of(path)}
            for path in sorted(out.rglob("*"))
            if path.is_file()
        ]
        return {
            "district": {"id": district.pk, "slug": district.slug, "name": district.name},
            "exported_at": timezone.now().isoformat(),
            "audit_chain_head": district_scope.chain_head(district.pk),
            "tables": tables,
            "stored_files": stored,
            "files": files,
        }

    def _write_table(self, table: district_scope.Table, district_id: int, path: Path) -> int:
        path.parent.mkdir(parents=True, exist_ok=True)
        columns: list[models.Field] = table.columns()
        count = 0
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([field.column for field in columns])
            rows = table.rows(district_id).values_list(*(field.attname for field in columns))
            for row in rows.iterator(chunk_size=2000):
                writer.writerow([cell(value) for value in row])
                count += 1
        return count
