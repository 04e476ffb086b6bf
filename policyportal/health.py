import logging

from celery import current_app as celery_app
from django.db import connection

logger = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        logger.exception("Health check: the database is unreachable")
        return "unavailable"


def _broker() -> str:
    """The broker of the Celery app this process runs (policyportal.celery's, made current when it loads)."""
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.exception("Health check: the Celery broker is unreachable")
        return "unavailable"


def check() -> dict[str, str]:
    """What a load balancer needs to know; no details an outsider could use."""
    return {"database": _database(), "broker": _broker()}
