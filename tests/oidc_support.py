"""The real OpenID provider (tests/oidc_provider/server.js, panva's oidc-provider) on a free loopback port, and
what the sign-in tests share: its users, a district set up to use it, and a sign-in driven through it."""

import json
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import httpx
from joserfc.jwk import RSAKey

from tests.conftest import need

FOLDER = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "policy-portal"
CLIENT_SECRET = "test-client-secret-0123456789"
PROVIDER_PASSWORD = "provider-password-42"
USERS = {
    # An imported employee: the directory's stable id (`sub`) matches the staff import's `directory_id`.
    "ann@wh.example": {"sub": "wh-dir-ann", "email": "ann@wh.example", "given_name": "Ann", "family_name": "Lee"},
    # Known only by email.
    "carl@wh.example": {"sub": "google-carl", "email": "carl@wh.example"},
    # Unknown to the portal.
    "bob@wh.example": {"sub": "wh-dir-bob", "email": "bob@wh.example", "given_name": "Bob", "family_name": "Ray"},
    # Outside the district's domains.
    "eve@elsewhere.example": {"sub": "elsewhere-eve", "email": "eve@elsewhere.example"},
    # A deactivated account.
    "dee@wh.example": {"sub": "wh-dir-dee", "email": "dee@wh.example"},
    # A person of another district (Region 14's directory id).
    "rita@wh.example": {"sub": "r14-dir-rita", "email": "rita@wh.example"},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, issuer: str, signing_key: RSAKey):
        self.issuer = issuer
        self.signing_key = signing_key


@contextmanager
def running_provider(
    tmp_path: Path,
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str],
    *,
    id_token_carries_only_sub: bool = False,
):
    need("Node.js", shutil.which("node") is not None, "install Node.js 20 or later")
    need(
        "oidc-provider", (FOLDER / "node_modules" / "oidc-provider").is_dir(), "run npm ci --prefix tests/oidc_provider"
    )
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    key = RSAKey.generate_key(2048, parameters={"kid": "provider-key-1", "use": "sig", "alg": "RS256"}, private=True)
    config = {
        "issuer": issuer,
        "port": port,
        "idTokenCarriesOnlySub": id_token_carries_only_sub,
        "jwks": {"keys": [key.as_dict(private=True)]},
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris,
            }
        ],
        "users": {
            login: {"password": PROVIDER_PASSWORD, "claims": {**claims, "email_verified": True}}
            for login, claims in USERS.items()
        },
    }
    path = tmp_path / f"oidc-provider-{port}.json"
    path.write_text(json.dumps(config))
    process = subprocess.Popen(
        ["node", str(FOLDER / "server.js"), str(path)],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise RuntimeError(f"the test OpenID provider did not start:\n{output}") from None
                time.sleep(0.1)
        yield Provider(issuer, key)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def through_provider(start_url: str, *, portal_prefix: str, login: str, password: str = PROVIDER_PASSWORD) -> str:
    """Follow the provider's redirects as a browser would, signing in on its form; returns the portal URL the
    provider sends the browser back to (the callback with its code and state)."""
    url = start_url
    with httpx.Client(timeout=10) as browser:
        response = browser.get(url)
        for _ in range(20):
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                if url.startswith(portal_prefix):
                    return url
                response = browser.get(url)
            elif response.status_code == 200 and "/interaction/" in url:
                url = f"{url.rstrip('/')}/login"
                response = browser.post(url, data={"login": login, "password": password})
            else:
                raise AssertionError(f"unexpected answer {response.status_code} at {url}: {response.text[:300]}")
    raise AssertionError("too many redirects at the provider")
