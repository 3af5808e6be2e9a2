"""A fake OpenID Connect provider on `responses`: discovery, keys, token and userinfo endpoints.

It checks what a real provider checks (client secret, PKCE verifier, one use per code) and
signs ID tokens with its own RSA key, so the relying party's verification is exercised for real.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.example.org/realms/acme"
CLIENT_ID = "breachdesk"
CLIENT_SECRET = "s3cret-of-the-client"
SSO_ENV = {
    "OIDC_ISSUER": ISSUER,
    "OIDC_CLIENT_ID": CLIENT_ID,
    "OIDC_CLIENT_SECRET": CLIENT_SECRET,
    "OIDC_PROVIDER_NAME": "Acme ID",
}


class FakeProvider:
    """The provider's side of the authorization-code flow, registered on a RequestsMock."""

    def __init__(
        self, mock: responses.RequestsMock, *, end_session: bool = True, names_itself: bool = True
    ) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.person: dict[str, Any] = {"sub": "u-1", "email": "ada@acme.example", "groups": []}
        self.token_issuer = ISSUER
        self.codes: dict[str, dict[str, str]] = {}
        self.token_calls = 0
        discovery = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/auth",
            "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "jwks_uri": f"{ISSUER}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "authorization_response_iss_parameter_supported": names_itself,
        }
        if end_session:
            discovery["end_session_endpoint"] = f"{ISSUER}/logout"
        mock.get(f"{ISSUER}/.well-known/openid-configuration", json=discovery)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        mock.get(f"{ISSUER}/jwks", json={"keys": [{**jwk, "kid": "k1", "alg": "RS256"}]})
        mock.add_callback("POST", f"{ISSUER}/token", callback=self._token)
        mock.add_callback("GET", f"{ISSUER}/userinfo", callback=self._userinfo)

    def authorize(self, location: str) -> str:
        """Play the provider's sign-in page: return the callback URL with a fresh code."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        assert query["code_challenge_method"] == "S256"
        code = f"code-{len(self.codes) + 1}"
        self.codes[code] = query
        callback = urlsplit(query["redirect_uri"]).path
        return f"{callback}?{urlencode({'code': code, 'state': query['state'], 'iss': ISSUER})}"

    def _token(self, request: Any) -> tuple[int, dict[str, str], str]:
        self.token_calls += 1
        form = {k: v[0] for k, v in parse_qs(request.body).items()}
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return 401, {}, json.dumps({"error": "invalid_client"})
        started = self.codes.pop(form.get("code", ""), None)
        if started is None:
            return 400, {}, json.dumps({"error": "invalid_grant", "error_description": "expired"})
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != started["code_challenge"]:
            return 400, {}, json.dumps({"error": "invalid_grant", "error_description": "PKCE"})
        now = int(time.time())
        claims = {
            "iss": self.token_issuer,
            "aud": CLIENT_ID,
            "sub": self.person["sub"],
            "iat": now,
            "exp": now + 300,
            "nonce": started["nonce"],
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})
        body = {"access_token": "at-1", "token_type": "Bearer", "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request: Any) -> tuple[int, dict[str, str], str]:
        return 200, {"Content-Type": "application/json"}, json.dumps(self.person)
