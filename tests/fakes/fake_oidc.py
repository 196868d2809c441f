"""A local OpenID Connect provider for tests, shaped like GOV.UK One Login (and good enough for Entra ID).

It serves discovery, JWKS, /authorize, /token and /userinfo on a free port, in a thread, and checks what a
real provider checks: the registered client and redirect URI, the PKCE challenge (S256 only) against the
verifier, and the private_key_jwt client assertion (signed by the client's key, iss = sub = client id,
aud = the token endpoint, unexpired, its jti used once). /authorize approves the configured user at once
(no page to fill in), or answers error=access_denied as if they pressed cancel.

    provider = FakeOidcProvider(client_id="abc", client_public_jwk=key.as_dict(private=False),
                                redirect_uris=["http://localhost/sign-in/one-login/callback"])
    provider.start()
    provider.user = {"sub": "urn:fdc:gov.uk:2022:xyz", "email": "a@example.com", "email_verified": True}
    provider.cancel_next = True                        # the next /authorize answers error=access_denied
    provider.id_token_changes = {"nonce": "other"}    # the next ID tokens carry these claims instead
    provider.sign_with_wrong_key = True                # ... or are signed with a key not in the JWKS
    provider.down = True                               # every endpoint answers 503
    provider.refusals                                  # why /token refused a request, in order
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class FakeOidcProvider:
    def __init__(self, client_id: str, client_public_jwk: dict, redirect_uris: list[str], vtr: str = "Cl.Cm") -> None:
        self.client_id = client_id
        self.client_key = (RSAKey if client_public_jwk["kty"] == "RSA" else ECKey).import_key(client_public_jwk)
        self.redirect_uris = list(redirect_uris)
        self.vtr = vtr
        self.signing_key = ECKey.generate_key("P-256", parameters={"kid": "fake-oidc-1", "use": "sig", "alg": "ES256"})
        # a key of the same kid that is not in the JWKS: tokens signed with it must be refused
        self.wrong_key = ECKey.generate_key("P-256", parameters={"kid": "fake-oidc-1"})
        self.user: dict[str, Any] = {"sub": "urn:fdc:gov.uk:2022:fake-user", "email": "", "email_verified": True}
        self.cancel_next = False
        self.id_token_changes: dict[str, Any] = {}
        self.sign_with_wrong_key = False
        self.down = False
        self.lock = threading.Lock()
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.used_jtis: set[str] = set()
        self.authorize_requests: list[dict[str, str]] = []
        self.refusals: list[str] = []
        self.tokens_issued = 0
        self.logouts: list[dict] = []  # the ID tokens' claims of each sign-out, in order
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def issuer(self) -> str:
        return self.url + "/"  # One Login's issuer ends with a slash

    @property
    def token_endpoint(self) -> str:
        return self.url + "/token"

    def start(self) -> FakeOidcProvider:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def reset(self) -> None:
        with self.lock:
            self.cancel_next = self.sign_with_wrong_key = self.down = False
            self.id_token_changes = {}
            self.authorize_requests.clear()
            self.refusals.clear()
            self.logouts.clear()
            self.tokens_issued = 0

    # --- what each endpoint does -----------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.token_endpoint,
            "userinfo_endpoint": self.url + "/userinfo",
            "jwks_uri": self.url + "/.well-known/jwks.json",
            "end_session_endpoint": self.url + "/logout",
            "response_types_supported": ["code"],
            "scopes_supported": ["openid", "email", "phone"],
            "grant_types_supported": ["authorization_code"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["pairwise"],
            "vtr_values_supported": [self.vtr],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        """(status, headers, body): a redirect back to the client, or 400 for a client we do not know."""
        with self.lock:
            self.authorize_requests.append(dict(query))
            cancel, self.cancel_next = self.cancel_next, False
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or redirect_uri not in self.redirect_uris:
            return 400, {}, {"error": "invalid_request", "error_description": "unknown client or redirect_uri"}
        back: dict[str, str] = {"state": query.get("state", "")}
        scopes = query.get("scope", "").split()
        if (
            query.get("response_type") != "code"
            or "openid" not in scopes
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
            or not query.get("nonce")
        ):
            back["error"] = "invalid_request"
        elif cancel:
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            with self.lock:
                self.codes[code] = {
                    "redirect_uri": redirect_uri,
                    "challenge": query["code_challenge"],
                    "nonce": query["nonce"],
                    "user": dict(self.user),
                    "expires": time.time() + 300,
                }
            back["code"] = code
        return 302, {"Location": f"{redirect_uri}?{urlencode(back)}"}, {}

    def _refuse(self, error: str, why: str) -> tuple[int, dict[str, str], dict]:
        with self.lock:
            self.refusals.append(why)
        return 400, {}, {"error": error, "error_description": why}

    def _client_assertion_problem(self, form: dict[str, str]) -> str | None:
        if form.get("client_assertion_type") != ASSERTION_TYPE or not form.get("client_assertion"):
            return "no client assertion"
        try:
            token = jwt.decode(form["client_assertion"], self.client_key, algorithms=["RS256", "ES256"])
        except (ValueError, JoseError):
            return "client assertion signature"
        claims = token.claims
        if claims.get("iss") != self.client_id or claims.get("sub") != self.client_id:
            return "client assertion iss/sub"
        if claims.get("aud") != self.token_endpoint:
            return "client assertion aud"
        if not isinstance(claims.get("exp"), int) or claims["exp"] < time.time():
            return "client assertion expired"
        jti = claims.get("jti")
        with self.lock:
            if not jti or jti in self.used_jtis:
                return "client assertion jti reused"
            self.used_jtis.add(jti)
        return None

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        problem = self._client_assertion_problem(form)
        if problem:
            return self._refuse("invalid_client", problem)
        if form.get("grant_type") != "authorization_code":
            return self._refuse("unsupported_grant_type", "grant_type")
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if grant is None or grant["expires"] < time.time():
            return self._refuse("invalid_grant", "unknown or used code")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._refuse("invalid_grant", "redirect_uri")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != grant["challenge"]:
            return self._refuse("invalid_grant", "code_verifier")
        now = int(time.time())
        user = grant["user"]
        claims = {
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": self.client_id,
            "exp": now + 180,
            "iat": now,
            "nonce": grant["nonce"],
            "vot": self.vtr,
            "vtm": self.url + "/trustmark",
            "sid": secrets.token_urlsafe(8),
            "auth_time": now,
        }
        with self.lock:
            claims.update(self.id_token_changes)
            key = self.wrong_key if self.sign_with_wrong_key else self.signing_key
            access_token = secrets.token_urlsafe(24)
            self.access_tokens[access_token] = user
            self.tokens_issued += 1
        id_token = jwt.encode({"alg": "ES256", "kid": "fake-oidc-1"}, claims, key)
        return 200, {}, {"access_token": access_token, "token_type": "Bearer", "expires_in": 180, "id_token": id_token}

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], dict]:
        with self.lock:
            user = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, {"error": "invalid_token"}
        return 200, {}, user

    def logout(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        """RP-Initiated Logout: the id_token_hint must be one of ours; back to post_logout_redirect_uri."""
        try:
            claims = jwt.decode(query.get("id_token_hint", ""), self.signing_key, algorithms=["ES256"]).claims
        except (ValueError, JoseError):
            return 400, {}, {"error": "invalid_request", "error_description": "id_token_hint"}
        with self.lock:
            self.logouts.append(claims)
        return 302, {"Location": query.get("post_logout_redirect_uri") or self.url}, {}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, headers: dict[str, str], body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method: str) -> None:
                if provider.down:
                    self._answer(503, {}, {"error": "temporarily_unavailable"})
                    return
                parsed = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                if method == "GET" and parsed.path == "/.well-known/openid-configuration":
                    self._answer(200, {}, provider.discovery())
                elif method == "GET" and parsed.path == "/.well-known/jwks.json":
                    self._answer(200, {}, KeySet([provider.signing_key]).as_dict(private=False))
                elif method == "GET" and parsed.path == "/authorize":
                    self._answer(*provider.authorize(query))
                elif method == "POST" and parsed.path == "/token":
                    length = int(self.headers.get("Content-Length") or 0)
                    form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                    self._answer(*provider.token(form))
                elif method == "GET" and parsed.path == "/logout":
                    self._answer(*provider.logout(query))
                elif parsed.path == "/userinfo":
                    self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {}, {"error": "not_found"})

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

        return Handler


def client_key() -> RSAKey:
    """A relying party's private_key_jwt key, as a council would register its public half."""
    return RSAKey.generate_key(2048, private=True)


def one_login_settings(provider: FakeOidcProvider, key: RSAKey) -> dict[str, str]:
    """The configuration that points the service's family sign-in at this provider."""
    return {
        "FAMILY_SIGN_IN": "one_login",
        "ONE_LOGIN_ISSUER": provider.issuer,
        "ONE_LOGIN_CLIENT_ID": provider.client_id,
        "ONE_LOGIN_PRIVATE_KEY": key.as_pem(private=True).decode(),
    }
