"""Reading millions of rows in order as fast as Python can use them: on PostgreSQL a server-side cursor without
the ORM's per-row conversion, the next chunk fetched while the caller works through this one (psycopg2 lets go
of the interpreter while it waits, so the database and the caller each have a core). The chain verifier and the
audit trail's export read this way (bench/README.md)."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet


def sql_rows(sql: str, params: list, *, chunk_size: int = 5000) -> Iterator[tuple]:
    """PostgreSQL only. Values come as psycopg2 gives them: JSON columns as text, as Django's connection reads them."""
    with transaction.atomic():
        with connection.cursor() as setting:
            # The cursor lives in a transaction for as long as the reader reads; a download stalled this long is
            # given up rather than left holding back vacuum.
            setting.execute("SET LOCAL idle_in_transaction_session_timeout = '5min'")
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
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (`none()`, `pk__in=[]`) compiles to no SQL
            return
        yield from sql_rows(sql, list(params), chunk_size=chunk_size)
    else:
        yield from rows.iterator(chunk_size)
