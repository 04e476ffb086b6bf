"""Reading millions of rows in order as fast as Python can use them: on PostgreSQL a server-side cursor without
the ORM's per-row conversion, the next chunk fetched while the caller works through this one (psycopg2 lets go
of the interpreter while it waits, so the database and the caller each have a core). The chain verifier and the
audit trail's export read this way (bench/README.md)."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.db.models import QuerySet


def sql_rows(sql: str, params: list, *, chunk_size: int = 5000) -> Iterator[tuple]:
    """PostgreSQL only. Values come as psycopg2 gives them: JSON columns as text, as Django's connection reads them."""
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="audit_stream") as cursor:
            cursor.execute(sql, params)
            with ThreadPoolExecutor(max_workers=1) as fetcher:
                pending = fetcher.submit(cursor.fetchmany, chunk_size)
                while rows := pending.result():
                    pending = fetcher.submit(cursor.fetchmany, chunk_size)
                    yield from rows


def queryset_rows(rows: QuerySet, *, chunk_size: int = 5000) -> Iterator[tuple]:
    """The tuples of a `values_list` queryset. On PostgreSQL no field converters run, so select only columns the
    driver already returns as Python wants them (cast JSON to text)."""
    if connection.vendor == "postgresql":
        sql, params = rows.query.sql_with_params()
        yield from sql_rows(sql, list(params), chunk_size=chunk_size)
    else:
        yield from rows.iterator(chunk_size)
