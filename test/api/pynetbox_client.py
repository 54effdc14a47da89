"""Drives the Proxbox API with pynetbox, the NetBox client most scripts use (test/api/pynetbox.test.ts).

It reaches the server as http://proxbox.test:<port>: the name resolves to 127.0.0.1 only inside this
process (socket.getaddrinfo is wrapped), so every request carries `Host: proxbox.test:<port>` as a
client on another machine would send it. It prints one JSON object with what it saw; the vitest file
asserts on it. Every absolute URL found in any response body or Location header is collected, so the
test can check that none points anywhere but the base URL.

Usage: pynetbox_client.py <mode>   (env: PROXBOX_URL, WRITE_TOKEN, READ_TOKEN, ENDPOINT_ID, EXTRA_HEADERS)
  full  — every pynetbox operation the brief lists
  links — one small page of replications (next/url links) with EXTRA_HEADERS (JSON) added
"""

import json
import os
import socket
import sys

import pynetbox
import requests

BASE = os.environ["PROXBOX_URL"].rstrip("/")
FAKE_HOST = requests.utils.urlparse(BASE).hostname

_real_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    # Only our made-up name is redirected; anything else resolves as usual.
    if host == FAKE_HOST:
        host = "127.0.0.1"
    return _real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo

seen_urls = []
seen_hosts = set()


def _collect(value):
    if isinstance(value, dict):
        for v in value.values():
            _collect(v)
    elif isinstance(value, list):
        for v in value:
            _collect(v)
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        seen_urls.append(value)


def _record(response, *args, **kwargs):
    seen_hosts.add(response.request.headers.get("Host") or requests.utils.urlparse(response.request.url).netloc)
    location = response.headers.get("Location")
    if location:
        seen_urls.append(location)
    if "json" in response.headers.get("Content-Type", ""):
        try:
            _collect(response.json())
        except ValueError:
            pass


def session(extra_headers=None):
    s = requests.Session()
    # No proxy from the environment may carry our made-up host name elsewhere.
    s.trust_env = False
    s.hooks["response"].append(_record)
    if extra_headers:
        s.headers.update(extra_headers)
    return s


def api(token, threading=False, extra_headers=None):
    nb = pynetbox.api(BASE, token=token, threading=threading)
    nb.http_session = session(extra_headers)
    return nb


def refused(call):
    """The HTTP status of a pynetbox.RequestError raised by call(), or None if it succeeded."""
    try:
        call()
    except pynetbox.RequestError as err:
        return err.req.status_code
    return None


def full():
    nb = api(os.environ["WRITE_TOKEN"])
    ro = api(os.environ["READ_TOKEN"])
    threaded = api(os.environ["WRITE_TOKEN"], threading=True)
    endpoint_id = int(os.environ["ENDPOINT_ID"])
    reps = nb.plugins.proxbox.replications
    out = {"pynetbox": pynetbox.__version__, "requests": requests.__version__}

    out["version"] = nb.version
    status = nb.status()
    out["status_keys"] = sorted(status.keys())
    out["status_netbox_version"] = status.get("netbox-version")

    everything = list(reps.all())
    out["all_default"] = len(everything)
    paged = list(reps.all(limit=25))
    out["all_paged"] = len(paged)
    out["all_paged_distinct"] = len({r.id for r in paged})
    threaded_rows = list(threaded.plugins.proxbox.replications.all(limit=25))
    out["all_threaded"] = len(threaded_rows)
    out["all_threaded_distinct"] = len({r.id for r in threaded_rows})
    out["record_url"] = everything[0].url

    out["filter_target"] = len(list(reps.filter(target="pve9", limit=7)))
    out["count_all"] = reps.count()
    out["count_target"] = reps.count(target="pve9")

    one = reps.get(everything[0].id)
    out["get_replication_id"] = one.replication_id
    out["get_by_filter"] = reps.get(replication_id=everything[1].replication_id).id == everything[1].id

    choices = reps.choices()
    out["choices"] = {k: [c["value"] for c in v] for k, v in choices.items()}
    out["choices_labels"] = {k: [c["display_name"] for c in v] for k, v in choices.items()}

    created = reps.create(
        endpoint=endpoint_id, replication_id="9999-0", guest=9999, jobnum=0, target="pve7", comment="made by pynetbox"
    )
    out["created_url"] = created.url
    out["created_status"] = created.status.value if hasattr(created.status, "value") else created.status["value"]
    bulk = reps.create(
        [
            {"endpoint": endpoint_id, "replication_id": "9998-0", "guest": 9998, "jobnum": 0, "target": "pve7"},
            {"endpoint": endpoint_id, "replication_id": "9998-1", "guest": 9998, "jobnum": 1, "target": "pve7"},
        ]
    )
    out["bulk_created"] = len(bulk)
    # The `endpoint` field shadows Record.endpoint, so Record.save() cannot work; bulk update by dict can.
    updated = reps.update([{"id": created.id, "comment": "edited"}, {"id": bulk[0].id, "comment": "edited too"}])
    out["updated_comments"] = sorted(r.comment for r in updated)
    out["after_update"] = reps.get(created.id).comment
    out["deleted"] = reps.delete([created.id] + [r.id for r in bulk])
    out["after_delete"] = reps.get(created.id) is None

    out["readonly_list"] = len(list(ro.plugins.proxbox.replications.all()))
    out["readonly_create"] = refused(
        lambda: ro.plugins.proxbox.replications.create(
            endpoint=endpoint_id, replication_id="9997-0", guest=9997, jobnum=0, target="pve7"
        )
    )
    out["readonly_delete"] = refused(lambda: ro.plugins.proxbox.replications.delete([everything[0].id]))
    out["readonly_choices_error"] = None
    try:
        ro.plugins.proxbox.replications.choices()
    except ValueError as err:
        # DRF offers no write actions to a caller who may not write; pynetbox then has no choices.
        out["readonly_choices_error"] = str(err)
    wrong = api("nbt_abcdefghijkl." + "x" * 40)
    out["wrong_token"] = refused(lambda: list(wrong.plugins.proxbox.replications.all()))
    out["wrong_token_status"] = refused(lambda: wrong.status())
    out["vms"] = len(list(nb.plugins.proxbox.virtual_machines.all()))
    return out


def links():
    extra = json.loads(os.environ.get("EXTRA_HEADERS") or "{}")
    nb = api(os.environ["WRITE_TOKEN"], extra_headers=extra)
    page = nb.plugins.proxbox.replications.all(limit=2, offset=2)
    rows = list(page)
    return {"rows": len(rows), "record_url": rows[0].url if rows else None}


if __name__ == "__main__":
    mode = sys.argv[1]
    result = {"full": full, "links": links}[mode]()
    result["seen_urls"] = seen_urls
    result["seen_hosts"] = sorted(seen_hosts)
    print(json.dumps(result))
