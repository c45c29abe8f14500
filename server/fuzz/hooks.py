"""schemathesis hooks for csp-server (SCHEMATHESIS_HOOKS=hooks, see scripts/test-api.sh)."""

import re
import uuid

import schemathesis
from hypothesis.internal import lambda_sources

_describe_lambda = lambda_sources._lambda_description


def _lambda_description_or_unknown(f, *args, **kwargs):
    """Hypothesis names a lambda by parsing its source, and CPython 3.11's parser now and then
    raises a spurious SystemError, "AST constructor recursion depth mismatch" (CPython issue
    gh-106905), which failed a CI run that found nothing wrong with the server. A lambda's
    name is only a label in a report, so a failed parse gives the label hypothesis itself
    uses when it cannot tell."""
    try:
        return _describe_lambda(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _lambda_description_or_unknown

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


# What a request refused as malformed is answered with: a schema-valid request must never get
# one of these. (Other 422s are rules no schema states: the plans a SKU offers, a product's
# versions, a continuation token the server issued, the rows of an import file.)
MALFORMED = {"bad_request", "invalid_body", "invalid_request", "date_out_of_range"}
# A form field's own problems; `notOfTheTenant` relates two records, so a schema cannot say it.
FIELD_FORM_PROBLEMS = {
    "missing", "tooLong", "tooShort", "notTenantOrDomain", "notAnAmount", "notAnEmail",
    "notAPhoneNumber", "tooManyFiles", "badFileName", "notADomain", "notATenantGuid",
    "unknownMarket", "notText",
}


@schemathesis.check
def schema_valid_request_is_read(ctx, response, case):
    """A request the document calls valid is never refused as malformed (400, or a 422 whose
    code says the form is wrong), though a rule of the catalog or the store may refuse it."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 422):
        return None
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("code") if isinstance(body, dict) else None
    problem = None
    if code == "invalid_field":
        problem = ((body.get("refusal") or {}).get("invalidField") or {}).get("problem") or {}
        problem = problem.get("problem") if isinstance(problem, dict) else problem
    if response.status_code == 400 or code in MALFORMED or problem in FIELD_FORM_PROBLEMS:
        raise AssertionError(
            f"A request the document calls valid was refused as malformed: "
            f"{response.status_code} {code} {problem or ''}: {body.get('description', '')}"
        )
    return None
