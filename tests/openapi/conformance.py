"""Checks the emulator against its own OpenAPI document from outside, as a stranger would.

Starts `billerapi-sandbox` on a free loopback port, validates `/openapi.json` with
openapi-spec-validator, mints real credentials through the documented flow (a client, an access
token, a link token), then runs schemathesis with every check and every phase (stateful included).
Exits non-zero on any failure. Run by scripts/test with the tools it installs under target/tools.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SANDBOX = ROOT / "target/debug/billerapi-sandbox"
CLIENT_ID = "cid_conformance"
CLIENT_SECRET = "bb_test_conformance_secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, method: str, path: str, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("X-Client-ID", CLIENT_ID)
    request.add_header("X-Client-Secret", CLIENT_SECRET)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            sys.exit(f"billerapi-sandbox exited with {server.returncode}")
        try:
            urllib.request.urlopen(base + "/sandbox/scenarios", timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("billerapi-sandbox did not answer within 10 s")


def credentials(base: str) -> dict:
    """An access token and a link token made the documented way."""
    link = {"client_id": CLIENT_ID, "client_user_id": "conformance-user", "consents": ["bills"]}
    public = call(base, "POST", "/sandbox/public_token/create",
                  {**link, "biller_id": "test_electric_company", "account_number": "4242424242"})
    exchanged = call(base, "POST", "/link/token/exchange",
                     {"client_id": CLIENT_ID, "public_token": public["public_token"]})
    link_token = call(base, "POST", "/link/token/create", link)
    return {
        "CONFORMANCE_CLIENT_ID": CLIENT_ID,
        "CONFORMANCE_CLIENT_SECRET": CLIENT_SECRET,
        "CONFORMANCE_ACCESS_TOKEN": exchanged["access_token"],
        "CONFORMANCE_LINK_TOKEN": link_token["link_token"],
        "CONFORMANCE_LINK_ID": exchanged["link_id"],
    }


def with_test_data(doc: dict, base: str) -> dict:
    """The served document plus this instance's data, as schemathesis advises for identifiers
    no schema can know: the one registered client id, and examples of real billers and account
    numbers, so generated links succeed and stateful runs reach the account operations. Only
    request values change; no constraint or response is touched."""
    billers = [b["id"] for b in call(base, "GET", "/billers?limit=100")["billers"]]

    def visit(node):
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                if "client_id" in props and node.get("additionalProperties") is False:
                    props["client_id"] = {**props["client_id"], "enum": [CLIENT_ID]}
                if "biller_id" in props and node.get("additionalProperties") is False:
                    props["biller_id"] = {**props["biller_id"], "examples": billers[:3]}
                if "account_number" in props and node.get("additionalProperties") is False:
                    props["account_number"] = {**props["account_number"],
                                               "examples": ["4242424242", "4000000003", "4000000008"]}
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(doc["components"]["schemas"])
    return doc


def main() -> int:
    tools = Path(os.environ.get("BILLKEEP_PY_TOOLS", ROOT / "target/tools/venv")) / "bin"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(SANDBOX), "--addr", f"127.0.0.1:{port}", "--data", ":memory:",
         "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
         # Schemathesis sends thousands of requests a minute; the limits have their own tests.
         "--no-rate-limit", "--sync-delay-ms", "20", "--log-format", "json"],
        stdout=subprocess.DEVNULL, stderr=open(ROOT / "target/openapi-sandbox.log", "w"))
    try:
        wait_until_up(base, server)
        served = ROOT / "target/openapi.json"
        served.write_bytes(urllib.request.urlopen(base + "/openapi.json").read())
        subprocess.run([str(tools / "openapi-spec-validator"), str(served)], check=True)
        env = {**os.environ, **credentials(base)}
        schema = ROOT / "target/openapi-with-test-data.json"
        schema.write_text(json.dumps(with_test_data(json.loads(served.read_text()), base)))
        seed = os.environ.get("BILLKEEP_SCHEMATHESIS_SEED", "20261130")
        run = subprocess.run(
            [str(tools / "schemathesis"), "--config-file", str(HERE / "schemathesis.toml"),
             "run", str(schema), "--url", base, "--checks", "all", "--seed", seed,
             "--phases", "examples,coverage,fuzzing,stateful", "--no-color"],
            # Its caches (.schemathesis, .hypothesis) go under target/, not into the checkout.
            env=env, cwd=ROOT / "target")
        return run.returncode
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
