"""Firings as JSON and as a line, and webhooks: delivered once, retried when the receiver
fails, given up after a few checks."""

from __future__ import annotations

import json

from storyline.outputs.alerts import (
    MAX_DELIVERIES,
    WebhookOptions,
    deliver_webhooks,
    firing_line,
    firing_record,
)
from storyline.store.database import Store
from storyline.store.watching import AlertRecord, FiringRecord
from tests.loopback import LoopbackServer

FAST = WebhookOptions(tries=3, backoff=0.0, timeout=5)


def _store_with_firing(webhook: str | None) -> Store:
    store = Store()
    store.add_alert(AlertRecord("summit", "summit", "status", webhook=webhook), [])
    firing = FiringRecord(
        alert="summit", kind="status", message="Summit: planned → happened",
        status_from="planned", status_to="happened", as_of="2024-04-20",
        evidence="The leaders  met\nin Geneva on Thursday.", event_id="ev-1",
    )  # fmt: skip
    store.add_firings([(firing, ["status:ev-1:happened:1"])])
    return store


def test_a_firing_line_names_the_alert_the_change_and_the_sentence():
    store = _store_with_firing(None)
    [firing] = store.firings()
    line = firing_line(firing_record(store, firing))
    assert line == (
        '[summit] Summit: planned → happened (2024-04-20): "The leaders met in Geneva on Thursday."'
    )


def test_a_webhook_gets_each_firing_once():
    with LoopbackServer() as server:
        server.route("/hook", "")
        store = _store_with_firing(server.url_for("/hook"))
        assert deliver_webhooks(store, FAST) == []
        assert deliver_webhooks(store, FAST) == []
        [post] = server.posts
        record = json.loads(post.body)
        assert record["alert"] == "summit" and record["status"] == {
            "from": "planned",
            "to": "happened",
        }
        assert post.headers["content-type"] == "application/json"
        assert store.firings()[0].delivered_at


def test_a_failing_receiver_is_tried_again_then_given_up():
    with LoopbackServer() as server:
        server.fail_then("/hook", 4, 503, "")
        store = _store_with_firing(server.url_for("/hook"))
        [error] = deliver_webhooks(store, FAST)  # three tries, all 503
        assert "HTTP 503" in error and "after 3 tries" in error and "summit" in error
        assert deliver_webhooks(store, FAST) == []  # one more 503, then 200
        assert len(server.posts) == 5
        assert store.firings()[0].delivered_at


def test_a_receiver_that_refuses_is_not_asked_forever():
    with LoopbackServer() as server:
        server.route("/hook", "no", status=404)
        store = _store_with_firing(server.url_for("/hook"))
        for _ in range(MAX_DELIVERIES + 2):
            deliver_webhooks(store, FAST)
        assert len(server.posts) == MAX_DELIVERIES  # a 404 is not retried within a check
        assert store.firings()[0].delivered_at is None
