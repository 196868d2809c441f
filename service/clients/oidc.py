"""An OpenID Connect relying party: the authorization code flow with PKCE (S256), private_key_jwt client
authentication, and the ID token checked in full. GOV.UK One Login (families) and a council's Microsoft
Entra ID (staff) both use it; each is one OidcSettings.

The caller keeps `begin`'s pending record server-side (the session) and hands it back to `finish` with
the callback's query string. Every failure is an OidcError whose `reason` is a fixed word, safe to log:
no token, claim or email is ever put in it.

Authlib builds the authorization URL and makes the token request (its PrivateKeyJWT signs the client
assertion); joserfc verifies the ID token against the provider's JWKS.
"""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import ECKey, KeySet, RSAKey

TIMEOUT_SECONDS = 5
PENDING_SECONDS = 10 * 60  # a sign-in not finished in 10 minutes starts again
LEEWAY_SECONDS = 60  # clock skew allowed on exp and iat
MAX_ID_TOKEN_AGE_SECONDS = 10 * 60  # an ID token issued longer ago than this is refused, even if unexpired
METADATA_SECONDS = 60 * 60  # discovery document and JWKS are fetched again after an hour
ID_TOKEN_ALGORITHMS = ["ES256", "RS256", "PS256"]


class OidcError(Exception):
    """A sign-in that cannot finish. `reason` is one of the constants below, and is what is logged."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# OidcError.reason
CANCELLED = "cancelled"  # error=access_denied: the person chose not to sign in
PROVIDER_ERROR = "provider_error"  # any other error on the callback
NO_PENDING = "no_pending_sign_in"  # no sign-in was started in this session, or it is over 10 minutes old
WRONG_STATE = "wrong_state"
NO_CODE = "no_code"
UNAVAILABLE = "provider_unavailable"  # discovery, JWKS, token or userinfo did not answer, or answered an error
TOKEN_REFUSED = "token_refused"  # noqa: S105 - a reason word, not a secret. The token endpoint refused the code, the verifier or our client assertion
BAD_SIGNATURE = "bad_signature"
WRONG_ISSUER = "wrong_issuer"
WRONG_AUDIENCE = "wrong_audience"
EXPIRED = "expired"
WRONG_IAT = "wrong_iat"
WRONG_NONCE = "wrong_nonce"
WRONG_VOT = "wrong_vot"
MALFORMED = "malformed_token"
USERINFO_MISMATCH = "userinfo_subject_mismatch"
CLAIM_REASONS = {"aud": WRONG_AUDIENCE, "iss": WRONG_ISSUER, "iat": WRONG_IAT, "exp": EXPIRED, "nonce": WRONG_NONCE}


@dataclass(frozen=True)
class OidcSettings:
    name: str  # for logs: "one_login", "entra:E10000016"
    issuer: str
    client_id: str
    private_key_pem: str
    redirect_uri: str
    discovery_url: str = ""  # defaults to issuer + /.well-known/openid-configuration
    key_id: str = ""  # the client assertion's kid header, when the provider wants one
    scopes: tuple[str, ...] = ("openid", "email")
    vtr: str = ""  # One Login's vector of trust, e.g. Cl.Cm: sent as vtr=["Cl.Cm"], and vot must equal it
    use_userinfo: bool = True
    extra_authorize_params: tuple[tuple[str, str], ...] = ()

    @property
    def metadata_url(self) -> str:
        return self.discovery_url or self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: the ID token's claims with the userinfo's over them."""

    subject: str
    email: str
    email_verified: bool
    claims: dict[str, Any] = field(default_factory=dict)
    id_token: str = field(default="", repr=False)  # kept for the id_token_hint of signing out

    @property
    def amr(self) -> list[str]:
        value = self.claims.get("amr") or []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_private_key(pem: str) -> RSAKey | ECKey:
    """The client's signing key from PEM text; ValueError when it is not an RSA or EC private key."""
    for key_type in (RSAKey, ECKey):
        try:
            key = key_type.import_key(pem)
        except (ValueError, TypeError, JoseError):
            continue
        if key.is_private:
            return key
    raise ValueError("not an RSA or EC private key in PEM form")


def _signing_alg(key: RSAKey | ECKey) -> str:
    if isinstance(key, RSAKey):
        return "RS256"
    return {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}[key.curve_name]


class OidcClient:
    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self.key = load_private_key(settings.private_key_pem)
        self._lock = threading.Lock()
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._jwks: tuple[float, KeySet] | None = None

    # --- provider metadata -------------------------------------------------------------------------

    def _get_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as error:
            raise OidcError(UNAVAILABLE) from error
        if response.status_code != 200:
            raise OidcError(UNAVAILABLE)
        try:
            body = response.json()
        except ValueError as error:
            raise OidcError(UNAVAILABLE) from error
        if not isinstance(body, dict):
            raise OidcError(UNAVAILABLE)
        return body

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            cached = self._metadata
        if cached and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        document = self._get_json(self.settings.metadata_url)
        if document.get("issuer") != self.settings.issuer:
            raise OidcError(WRONG_ISSUER)  # OIDC Discovery 4.3: the document's issuer is the one configured
        with self._lock:
            self._metadata = (time.monotonic(), document)
        return document

    def cached_authorization_endpoint(self) -> str | None:
        """The authorization endpoint if the discovery document has been fetched already (no request)."""
        with self._lock:
            cached = self._metadata
        value = cached[1].get("authorization_endpoint") if cached else None
        return value if isinstance(value, str) else None

    def _endpoint(self, name: str) -> str:
        value = self.metadata().get(name)
        if not isinstance(value, str) or not value:
            raise OidcError(UNAVAILABLE)
        return value

    def key_set(self, refresh: bool = False) -> KeySet:
        with self._lock:
            cached = self._jwks
        if cached and not refresh and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        try:
            keys = KeySet.import_key_set(self._get_json(self._endpoint("jwks_uri")))  # type: ignore[arg-type]
        except (ValueError, TypeError, JoseError) as error:
            raise OidcError(UNAVAILABLE) from error
        with self._lock:
            self._jwks = (time.monotonic(), keys)
        return keys

    # --- the flow ----------------------------------------------------------------------------------

    def _session(self) -> OAuth2Session:
        session = OAuth2Session(
            self.settings.client_id,
            self.key,
            token_endpoint_auth_method="private_key_jwt",  # noqa: S106 - a method name, not a secret
            scope=" ".join(self.settings.scopes),
            redirect_uri=self.settings.redirect_uri,
            code_challenge_method="S256",
            default_timeout=TIMEOUT_SECONDS,
        )
        headers = {"kid": self.settings.key_id} if self.settings.key_id else None
        auth = PrivateKeyJWT(self._endpoint("token_endpoint"), headers=headers, alg=_signing_alg(self.key))
        session.register_client_auth_method(auth)
        return session

    def begin(self, **extra: Any) -> tuple[str, dict[str, Any]]:
        """The provider's authorization URL, and the record to keep server-side until the callback."""
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        params: dict[str, str] = {"nonce": nonce, **dict(self.settings.extra_authorize_params)}
        if self.settings.vtr:
            params["vtr"] = f'["{self.settings.vtr}"]'
        url, _ = self._session().create_authorization_url(
            self._endpoint("authorization_endpoint"), state=state, code_verifier=verifier, **params
        )
        pending = {"state": state, "nonce": nonce, "verifier": verifier, "expires": time.time() + PENDING_SECONDS}
        return url, {**pending, **extra}

    def finish(self, pending: dict[str, Any] | None, args: dict[str, str]) -> Identity:
        """Check the callback against the pending record, exchange the code, verify the ID token and read
        userinfo. The caller has already removed `pending` from the session: it is used once."""
        if args.get("error"):
            # Checked before the state: a cancelled sign-in says so even when the session has expired.
            raise OidcError(CANCELLED if args["error"] == "access_denied" else PROVIDER_ERROR)
        if not pending or pending.get("expires", 0) < time.time():
            raise OidcError(NO_PENDING)
        if not hmac.compare_digest(str(args.get("state", "")), str(pending["state"])):
            raise OidcError(WRONG_STATE)
        code = args.get("code")
        if not code:
            raise OidcError(NO_CODE)
        session = self._session()
        try:
            token = session.fetch_token(
                self._endpoint("token_endpoint"),
                grant_type="authorization_code",
                code=code,
                code_verifier=pending["verifier"],
            )
        except requests.RequestException as error:
            raise OidcError(UNAVAILABLE) from error
        except Exception as error:  # Authlib raises OAuthError (and others) for an error answer
            raise OidcError(TOKEN_REFUSED) from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise OidcError(MALFORMED)
        claims = self.verify_id_token(id_token, pending["nonce"])
        if self.settings.use_userinfo:
            userinfo = self._get_json(
                self._endpoint("userinfo_endpoint"), headers={"Authorization": f"Bearer {token['access_token']}"}
            )
            if userinfo.get("sub") != claims["sub"]:
                raise OidcError(USERINFO_MISMATCH)  # OIDC Core 5.3.2: userinfo must be about the same person
            claims = {**claims, **userinfo}
        return Identity(
            subject=claims["sub"],
            email=str(claims.get("email") or ""),
            email_verified=claims.get("email_verified") is True,
            claims=claims,
            id_token=id_token,
        )

    def end_session_url(self, id_token: str, post_logout_redirect_uri: str) -> str | None:
        """Where to send the browser to sign out of the provider too (RP-Initiated Logout 1.0), or None
        when the provider has no end_session_endpoint or cannot be reached (the service's own session
        is ended either way)."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except OidcError:
            return None
        if not isinstance(endpoint, str) or not endpoint:
            return None
        query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        """OIDC Core 3.1.3.7: signature by the provider's key, iss, aud (and azp), exp, iat, nonce, and vot."""
        try:
            decoded = self._decode(id_token, self.key_set())
        except OidcError as error:
            if error.reason != BAD_SIGNATURE:
                raise
            decoded = self._decode(id_token, self.key_set(refresh=True))  # the provider may have rotated keys
        claims = decoded.claims
        now = int(time.time())
        options: dict[str, Any] = {
            "iss": {"essential": True, "value": self.settings.issuer},
            "aud": {"essential": True, "value": self.settings.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True},
        }
        registry = jwt.JWTClaimsRegistry(now=now, leeway=LEEWAY_SECONDS, **options)
        try:
            registry.validate(claims)
        except ExpiredTokenError as error:
            raise OidcError(EXPIRED) from error
        except (InvalidClaimError, MissingClaimError) as error:
            raise OidcError(CLAIM_REASONS.get(error.claim, MALFORMED)) from error
        if not hmac.compare_digest(str(claims["nonce"]), nonce):
            raise OidcError(WRONG_NONCE)
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.settings.client_id:
            raise OidcError(WRONG_AUDIENCE)
        if claims["iat"] < now - MAX_ID_TOKEN_AGE_SECONDS:
            raise OidcError(WRONG_IAT)
        if self.settings.vtr and claims.get("vot") != self.settings.vtr:
            raise OidcError(WRONG_VOT)
        return dict(claims)

    def _decode(self, id_token: str, keys: KeySet) -> jwt.Token:
        try:
            return jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        except (BadSignatureError, InvalidKeyIdError) as error:
            # A kid we do not hold is a signature we cannot trust.
            raise OidcError(BAD_SIGNATURE) from error
        except (ValueError, TypeError, JoseError) as error:
            raise OidcError(MALFORMED) from error
