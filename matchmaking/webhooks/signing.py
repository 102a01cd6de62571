"""How deliveries are signed: HMAC-SHA256 over "<timestamp>.<body>" with the hook's secret.

Receivers recompute it, compare in constant time, and refuse timestamps older than a few
minutes (replays). ``X-Webhook-Id`` names the delivery, for receivers that keep a log.
"""

import hashlib
import hmac


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(*, secret: str, timestamp: int, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret=secret, timestamp=timestamp, body=body), header)
