"""The OpenID Connect protocol, as a relying party: discovery, the provider's keys (cached, fetched again when a
token names a key id the cache does not know), the authorization request with PKCE (S256), `state` and `nonce`,
the code exchange, the ID token's checks, and userinfo when the ID token lacks a claim the portal needs.

HTTP goes through httpx with short timeouts; JOSE through joserfc. The `requests` library is never used.
"""

import base64
import functools
import hashlib
import json
import secrets
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

TIMEOUT = httpx.Timeout(5.0, connect=3.0)
CLOCK_SKEW_SECONDS = 60
CACHE_SECONDS = 3600
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]


@functools.cache
def _tls() -> ssl.SSLContext:
    """httpx's default verifying context, built once per process: loading the CA bundle takes about 25 ms of
    CPU, which httpx's one-call functions pay on every request (bench/sign_in.py)."""
    return httpx.create_ssl_context()


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered something unusable: the message says what, in words."""


class TokenRefused(Exception):
    """The ID token failed a check: `reason` is a short code for the audit trail, the message says it in words."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _get_json(url: str, what: str) -> dict:
    try:
        response = httpx.get(
            url, timeout=TIMEOUT, verify=_tls(), follow_redirects=False, headers={"Accept": "application/json"}
        )
    except httpx.TimeoutException as error:
        raise ProviderUnavailable(f"The provider did not answer in time when asked for its {what} ({url}).") from error
    except httpx.HTTPError as error:
        raise ProviderUnavailable(f"The provider could not be reached for its {what} ({url}): {error}.") from error
    if response.status_code != 200:
        raise ProviderUnavailable(f"The provider answered {response.status_code} when asked for its {what} ({url}).")
    try:
        data = response.json()
    except ValueError as error:
        raise ProviderUnavailable(f"The provider's {what} ({url}) is not JSON.") from error
    if not isinstance(data, dict):
        raise ProviderUnavailable(f"The provider's {what} ({url}) is not a JSON object.")
    return data


def discovery(issuer: str, *, fresh: bool = False) -> dict:
    """The provider's discovery document, checked for what the portal needs; cached for an hour."""
    issuer = issuer.rstrip("/")
    key = f"oidc:discovery:{issuer}"
    document = None if fresh else cache.get(key)
    if document is None:
        document = _get_json(f"{issuer}/.well-known/openid-configuration", "discovery document")
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable(
                f"The discovery document names the issuer {document.get('issuer')!r}, not {issuer!r}: check the issuer."
            )
        missing = [name for name in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(name)]
        if missing:
            raise ProviderUnavailable(f"The discovery document lacks {', '.join(missing)}.")
        methods = document.get("code_challenge_methods_supported")
        if methods is not None and "S256" not in methods:
            raise ProviderUnavailable("The provider does not offer PKCE with S256.")
        cache.set(key, document, CACHE_SECONDS)
    return document


def keys(document: dict, *, fresh: bool = False) -> KeySet:
    """The provider's signing keys, cached for an hour."""
    key = f"oidc:jwks:{document['jwks_uri']}"
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(document["jwks_uri"], "signing keys")
        if not isinstance(data.get("keys"), list) or not data["keys"]:
            raise ProviderUnavailable("The provider's signing keys (jwks_uri) list no key.")
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, TypeError) as error:
        raise ProviderUnavailable(f"The provider's signing keys could not be read: {error}.") from error


@dataclass(frozen=True)
class Start:
    url: str
    state: str
    nonce: str
    verifier: str


def start(document: dict, *, client_id: str, redirect_uri: str, login_hint: str = "") -> Start:
    """The authorization request: code flow, PKCE S256, a fresh `state` and `nonce` for the session."""
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid email profile",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if login_hint:
        params["login_hint"] = login_hint
    return Start(f"{document['authorization_endpoint']}?{urlencode(params)}", state, nonce, verifier)


def exchange_code(
    document: dict, *, client_id: str, client_secret: str, code: str, redirect_uri: str, verifier: str
) -> dict:
    """The token endpoint's answer for the authorization code (client_secret_basic)."""
    try:
        response = httpx.post(
            document["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            auth=(client_id, client_secret),
            timeout=TIMEOUT,
            verify=_tls(),
            headers={"Accept": "application/json"},
        )
    except httpx.HTTPError as error:
        raise ProviderUnavailable(f"The provider's token endpoint could not be reached: {error}.") from error
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code != 200 or not isinstance(data, dict) or "id_token" not in data:
        detail = data.get("error_description") or data.get("error") or f"status {response.status_code}"
        raise TokenRefused("code_refused", f"The provider refused the sign-in code ({detail}).")
    return data


def userinfo(document: dict, access_token: str) -> dict:
    endpoint = document.get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    try:
        response = httpx.get(
            endpoint, headers={"Authorization": f"Bearer {access_token}"}, timeout=TIMEOUT, verify=_tls()
        )
        data = response.json() if response.status_code == 200 else {}
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable(f"The provider's userinfo endpoint could not be read: {error}.") from error
    return data if isinstance(data, dict) else {}


def validate_id_token(token: str, *, document: dict, client_id: str, nonce: str, now: float | None = None) -> dict:
    """The ID token's claims once its signature (against the provider's keys; fetched again once when the token
    names a key id not in the cache), `iss`, `aud`, `azp`, `exp`, `iat` and `nonce` are right."""
    now = time.time() if now is None else now
    try:
        header = _header(token)
    except (ValueError, IndexError) as error:
        raise TokenRefused("malformed_token", "The provider's ID token could not be read.") from error
    keyset = keys(document)
    kid = header.get("kid")
    if kid and not any(k.kid == kid for k in keyset.keys):
        keyset = keys(document, fresh=True)
        if not any(k.kid == kid for k in keyset.keys):
            raise TokenRefused("unknown_key", "The ID token is signed by a key the provider does not publish.")
    if header.get("alg") not in ALGORITHMS:
        raise TokenRefused("bad_signature", f"The ID token's algorithm {header.get('alg')!r} is not accepted.")
    try:
        decoded = jwt.decode(token, keyset, algorithms=ALGORITHMS)
    except (JoseError, ValueError) as error:
        raise TokenRefused("bad_signature", "The ID token's signature does not match the provider's keys.") from error
    claims = decoded.claims
    if str(claims.get("iss", "")).rstrip("/") != str(document["issuer"]).rstrip("/"):
        raise TokenRefused(
            "wrong_issuer", f"The ID token comes from {claims.get('iss')!r}, not the district's provider."
        )
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise TokenRefused("wrong_audience", "The ID token was issued for another application.")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise TokenRefused("wrong_audience", "The ID token names several audiences and another authorized party.")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise TokenRefused("malformed_token", "The ID token lacks its expiry or issue time.")
    if now > exp + CLOCK_SKEW_SECONDS:
        raise TokenRefused("expired", "The ID token has expired.")
    if iat > now + CLOCK_SKEW_SECONDS:
        raise TokenRefused("issued_in_future", "The ID token was issued in the future: check the clocks.")
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise TokenRefused("nonce_mismatch", "The ID token does not answer this sign-in (nonce mismatch).")
    if not claims.get("sub"):
        raise TokenRefused("malformed_token", "The ID token names nobody (no sub).")
    return dict(claims)


def _header(token: str) -> dict:
    first = token.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)))
    if not isinstance(data, dict):
        raise ValueError("not a JOSE header")
    return data


def end_session_url(document: dict, *, id_token: str, client_id: str, post_logout_redirect_uri: str) -> str:
    endpoint = document.get("end_session_endpoint")
    if not endpoint:
        return ""
    params = {"id_token_hint": id_token, "client_id": client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    return f"{endpoint}?{urlencode(params)}"
