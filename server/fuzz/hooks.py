"""schemathesis hooks for csp-server (SCHEMATHESIS_HOOKS=hooks, see scripts/test-api.sh)."""

import re
import uuid

import schemathesis

# The form the document gives an Idempotency-Key.
KEY = re.compile(r"^[!-~]+( +[!-~]+)*$")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """A fresh Idempotency-Key for every schema-valid request that sends one.

    Hypothesis sends the same few keys again and again; the server rightly answers a key
    reused for another request with 422 idempotency_key_reused (the IETF draft's answer).
    """
    if case.meta is not None and case.meta.generation.mode.is_negative:
        # A negative case is refused whatever its key; rewriting it would make schemathesis
        # take the case for a positive one and restore what it left out on purpose.
        return
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and 0 < len(key) <= 255 and KEY.match(key):
        headers["Idempotency-Key"] = uuid.uuid4().hex
        case.headers = headers
