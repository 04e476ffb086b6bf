"""The client address of the request being served, for the recorder. A context variable keeps it out
of every service's signature; tasks and commands have none, which is recorded as such."""

from contextvars import ContextVar

from audits.client_address import client_ip as client_ip_of

client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_ip_of(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
