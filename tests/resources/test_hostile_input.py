# SPDX-License-Identifier: MIT
"""Bad input gets a clear JSON error with the right status, never a 500."""

import pytest


KEY = "psi4-water_mp2.out"


@pytest.fixture()
def base(draft_factory, fake_argo_server):
    record_id = draft_factory([KEY])
    return f"/records/{record_id}/draft/compchem"


@pytest.mark.parametrize(
    "query",
    [
        f"page={10**18}",
        "page=0",
        "size=1000",
        "file=a%00b",
        "workflow=cclib%00summary",
        "page=abc",
    ],
)
def test_bad_list_arguments_answer_400(owner_client, base, query):
    res = owner_client.get(f"{base}/runs?{query}")
    assert res.status_code == 400, res.get_data(as_text=True)
    assert res.json["status"] == 400 and res.json["message"]


@pytest.mark.parametrize("name", ["a%00b", "x" * 300, "..", "UPPER"])
def test_bad_run_names_answer_404(owner_client, base, name):
    res = owner_client.get(f"{base}/runs/{name}")
    assert res.status_code in (400, 404), res.get_data(as_text=True)
    assert res.json["message"]


@pytest.mark.parametrize("tail", ["0", "-1", "abc"])
def test_bad_log_tails_answer_400(owner_client, base, draft_factory, tail):
    res = owner_client.get(f"{base}/runs?size=1")
    name = res.json["hits"]["hits"][0]["name"]
    res = owner_client.get(f"{base}/runs/{name}/logs?tail={tail}")
    assert res.status_code == 400, res.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe not utf-8",
        b"[" * 100000 + b"]" * 100000,
        b'{"workflow": "cclib-summary", "files": ["a\\u0000b"]}',
        b'{"workflow": "cclib-\\u0000summary", "files": ["x"]}',
        b'{"workflow": 3, "files": "x"}',
        b"null",
        b"[]",
    ],
    ids=["invalid-utf8", "nested", "nul-in-key", "nul-in-workflow", "types", "null", "list"],
)
def test_bad_start_bodies_answer_400(owner_client, base, body):
    cookie = owner_client.get_cookie("csrftoken")
    res = owner_client.post(
        f"{base}/runs",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": cookie.value} if cookie else {},
    )
    assert res.status_code == 400, res.get_data(as_text=True)[:300]
    assert res.json["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/compchem/run/files/a%00b/content",
        "/compchem/run/results/a%00b/x.json",
        "/compchem/run/metadata/a%00b",
    ],
)
def test_callbacks_refuse_nul_bytes_before_anything(client, path):
    res = client.open(path, method="GET" if "files" in path else "PUT", data=b"x")
    assert res.status_code in (400, 401), res.get_data(as_text=True)
    assert res.json["message"]
