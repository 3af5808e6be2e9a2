"""Single sign-on with OpenID Connect: roles follow the identity provider's groups."""

# The session entry that marks a single sign-on session (its provider and ID token).
SSO_SESSION_KEY = "breachdesk_sso"
