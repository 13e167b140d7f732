"""Charts drawn once per content (lib.caching): never stale, shared through any backend."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from unittest import mock

import pygal
import pytest
from django.core.cache import caches
from django.test import override_settings

from firstchoice.lib import caching, charts
from tests.base import BaseTestCase, sell
from tests.customers.research import estimate

REDIS = "redis://127.0.0.1:6379/8"
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS,
        "KEY_PREFIX": "fc-tests",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


def bars(values: list[str], title: str = "Sales") -> str:
    return charts.monthly_bars(
        ["2026-01", "2026-02"], {title: [Decimal(v) for v in values]}, title=title
    )


def counting_renders() -> Any:
    return mock.patch.object(
        pygal.graph.public.PublicApi,
        "render",
        autospec=True,
        side_effect=pygal.graph.public.PublicApi.render,
    )


class ChartCacheTestCase(BaseTestCase):
    def setUp(self) -> None:
        caches["default"].clear()

    def test_it_draws_the_same_chart_once(self) -> None:
        with counting_renders() as render:
            first = bars(["100", "200"])
            second = bars(["100", "200"])
        assert first == second
        assert render.call_count == 1

    def test_it_draws_again_when_a_value_title_or_option_changes(self) -> None:
        with counting_renders() as render:
            one = bars(["100", "200"])
            two = bars(["100", "201"])
            three = bars(["100", "200"], title="Margin")
            four = charts.monthly_bars(["2026-01", "2026-02"], {"Sales": [1, 2]}, height=120)
        assert render.call_count == 4
        assert len({one, two, three, four}) == 4
        assert '<desc class="value">201</desc>' in two
        assert '<desc class="value">201</desc>' not in one

    def test_it_keys_formatters_by_what_they_capture(self) -> None:
        def chart(unit: str) -> Any:
            drawing = pygal.Bar(**charts.COMMON, value_formatter=lambda v: f"{v} {unit}")
            drawing.add("x", [1.0])
            return drawing

        assert caching.chart_key(chart("kg")) != caching.chart_key(chart("t"))
        assert caching.chart_key(chart("kg")) == caching.chart_key(chart("kg"))

    def test_it_keys_by_language(self) -> None:
        from django.utils import translation

        with translation.override("en"):
            english = caching.fragment_key("x", 1)
        with translation.override("zh-hans"):
            chinese = caching.fragment_key("x", 1)
        assert english != chinese

    def test_it_serves_the_page_when_the_cache_fails(self) -> None:
        with (
            mock.patch.object(caching.cache, "get", side_effect=ConnectionError("down")),
            counting_renders() as render,
        ):
            drawn = bars(["5", "6"])
        assert "<svg" in drawn
        assert render.call_count == 1

    def test_a_new_estimate_through_the_action_changes_the_customer_page(self) -> None:
        customer = self.alice_customers[0]
        estimate(self.alice, customer, total="1000.00", days_ago=60)
        estimate(self.alice, customer, total="2000.00", days_ago=30)
        self.login(self.alice)
        before = self.client.get(f"/customers/{customer.code}/").content.decode()
        assert "2,000" in before and "3,500" not in before
        self.client.get(f"/customers/{customer.code}/")  # the same content: from the cache
        estimate(self.alice, customer, total="3500.00")
        after = self.client.get(f"/customers/{customer.code}/").content.decode()
        assert re.search(r"<desc class=\"value\">3,500</desc>", after)

    def test_a_new_sale_changes_the_sales_chart(self) -> None:
        customer = self.alice_customers[0]
        sell(customer, "1234.00", "100.00", days_ago=3)
        self.login(self.alice)
        before = self.client.get(f"/customers/{customer.code}/").content.decode()
        assert '<desc class="value">1,234</desc>' in before
        sell(customer, "1000.00", "100.00", days_ago=3)
        after = self.client.get(f"/customers/{customer.code}/").content.decode()
        assert '<desc class="value">2,234</desc>' in after
        assert '<desc class="value">1,234</desc>' not in after


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
@override_settings(CACHES=REDIS_CACHES)
class RedisChartCacheTestCase(BaseTestCase):
    """The same keys through Redis, the cache every process shares in production."""

    def setUp(self) -> None:
        caches["default"].clear()

    def tearDown(self) -> None:
        caches["default"].clear()

    def test_it_keeps_drawings_in_redis(self) -> None:
        with counting_renders() as render:
            first = bars(["7", "8"])
            second = bars(["7", "8"])
            other = bars(["7", "9"])
        assert render.call_count == 2
        assert first == second != other
        key = caching.chart_key(
            _bar_drawing(["2026-01", "2026-02"], {"Sales": [Decimal(7), Decimal(8)]})
        )
        assert caches["default"].get(key) == first

    def test_a_new_estimate_changes_the_page_through_redis(self) -> None:
        customer = self.alice_customers[0]
        estimate(self.alice, customer, total="1000.00", days_ago=60)
        estimate(self.alice, customer, total="2000.00", days_ago=30)
        self.login(self.alice)
        self.client.get(f"/customers/{customer.code}/")
        estimate(self.alice, customer, total="4500.00")
        after = self.client.get(f"/customers/{customer.code}/").content.decode()
        assert '<desc class="value">4,500</desc>' in after


def _bar_drawing(labels: list[str], series: dict[str, list[Decimal]]) -> Any:
    """The drawing `charts.monthly_bars` builds, to read its key (kept in step by the test)."""
    captured: list[Any] = []
    real = charts.svg

    def spy(chart: Any) -> str:
        captured.append(chart)
        return real(chart)

    with mock.patch.object(charts, "svg", spy):
        charts.monthly_bars(labels, series, title="Sales")
    return captured[0]
