"""Schemathesis hooks for the sync server's generative test (`cargo xtask test`, stage "API
fuzzing"): a real access token for the secured operations, and a check that no error body carries
internal text. Loaded through SCHEMATHESIS_HOOKS=trainmate_hooks with this folder on PYTHONPATH;
SCHEMATHESIS_BASE_URL names the server under test."""

import json
import os
import urllib.request
import uuid

import schemathesis

BASE = os.environ["SCHEMATHESIS_BASE_URL"].rstrip("/")
EMAIL = "fuzz@example.com"
PASSWORD = "correct horse 9!"

# Words that would mean a backend's, the runtime's or the source's text reached a client.
INTERNAL = ("rusqlite", "sqlite", "postgres", "sqlstate", "panicked", "constraint", "thread '",
            "src/", ".rs:", "backtrace", "stack backtrace", "syntax error at")


def _post(path, body):
    request = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@schemathesis.auth(refresh_interval=5)
class SignedIn:
    """A fresh device of one account every few seconds: a generated sign-out or revoke only
    ends one device's session."""

    def get(self, case, context):
        device = {"device_id": str(uuid.uuid4()), "device_name": "fuzz"}
        status, body = _post("/v1/auth/login", {"email": EMAIL, "password": PASSWORD, **device})
        if status != 200:
            status, body = _post("/v1/auth/signup",
                                 {"email": EMAIL, "password": PASSWORD, "name": "Fuzz", **device})
        if status not in (200, 201):
            raise RuntimeError(f"could not sign in for the fuzz run: {status} {body}")
        return body["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.check
def no_internal_text_in_errors(ctx, response, case):
    """Every 4xx/5xx body is the ErrorBody JSON with a code and a message, and says nothing of
    the server's insides."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"error body is not JSON: {response.content[:200]!r}")
    if not isinstance(body, dict) or not body.get("code") or not body.get("message"):
        raise AssertionError(f"error body lacks code or message: {body}")
    text = json.dumps(body).lower()
    for word in INTERNAL:
        if word in text:
            raise AssertionError(f"internal text {word!r} in error body: {body}")
    return None
