"""The form of API token secrets and how they are hashed for storage."""

import hashlib
import secrets

TOKEN_START = "cmk_"


def new_secret() -> str:
    return TOKEN_START + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    """SHA-256 of the secret: it holds 32 random bytes, so a slow hash would add nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()
