"""The portal talks to an https provider only when it trusts the provider's certificate: the TLS context it builds
once per process (for speed, bench/sign_in.py) still verifies, against a real TLS server on loopback."""

import datetime
import ipaddress
import json
import logging
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.cache import cache
from django.urls import reverse

from policyportal.models import IdentityProvider


def self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no certificate authority signed, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "provider.pem", folder / "provider.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def untrusted_provider(tmp_path):
    """An https server on loopback answering a valid discovery document, behind a self-signed certificate."""
    cert_path, key_path = self_signed(tmp_path)

    class Discovery(BaseHTTPRequestHandler):
        def do_GET(self):
            issuer = f"https://127.0.0.1:{self.server.server_address[1]}"
            body = json.dumps(
                {
                    "issuer": issuer,
                    "authorization_endpoint": f"{issuer}/auth",
                    "token_endpoint": f"{issuer}/token",
                    "jwks_uri": f"{issuer}/jwks",
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            """Quiet: the test reads the portal's log, not the server's."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Discovery)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_path, key_path)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    issuer = f"https://127.0.0.1:{server.server_address[1]}"
    trusting = ssl.create_default_context(cafile=cert_path)
    assert httpx.get(f"{issuer}/.well-known/openid-configuration", verify=trusting).json()["issuer"] == issuer
    yield issuer
    server.shutdown()
    server.server_close()


def test_a_provider_behind_an_untrusted_certificate_gives_the_unavailable_page(
    client, west_hartford, untrusted_provider, caplog
):
    cache.clear()
    IdentityProvider.objects.create(
        district=west_hartford,
        enabled=True,
        issuer=untrusted_provider,
        client_id="policy-portal",
        client_secret="test-client-secret",
        email_domains="wh.example",
    )
    with caplog.at_level(logging.WARNING, logger="policyportal.oidc_views"):
        response = client.post(reverse("sso_start"), {"email": "ann@wh.example"})
    assert response.status_code == 503
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text
    assert "portal_oidc_pending" not in client.session
