"""The client's address: one function reads it, with or without a reverse proxy in front.

A header a visitor can write (``X-Forwarded-For``) is believed only as far as the proxies named
in ``TRUSTED_PROXIES`` vouch for it; with no proxy configured it is ignored altogether.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.utils.module_loading import import_string
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from lazos.core.client import client_address, client_network

PACKAGE = Path(__file__).resolve().parents[2]
THE_MODULE = PACKAGE / "core" / "client.py"

factory = RequestFactory()


def _request(remote: str = "203.0.113.7", forwarded: str | None = None, **extra: Any):
    meta: dict[str, Any] = {"REMOTE_ADDR": remote, **extra}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **meta)


# --- Without a proxy (the default) ---------------------------------------------------------


def test_the_default_trusts_no_proxy():
    assert settings.TRUSTED_PROXIES == []


@override_settings(TRUSTED_PROXIES=[])
def test_without_a_proxy_the_connection_address_is_the_client():
    assert client_address(_request("198.51.100.4")) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=[])
@pytest.mark.parametrize("spoofed", ["1.2.3.4", "1.2.3.4, 5.6.7.8", "garbage", ""])
def test_without_a_proxy_a_forwarded_header_is_ignored(spoofed):
    assert client_address(_request("198.51.100.4", spoofed)) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=[])
def test_without_a_proxy_other_client_headers_are_ignored_too():
    request = _request("198.51.100.4", HTTP_X_REAL_IP="1.2.3.4", HTTP_FORWARDED="for=1.2.3.4")
    assert client_address(request) == "198.51.100.4"


def test_a_missing_or_broken_connection_address_gives_an_empty_string():
    request = factory.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""
    assert client_address(_request("not-an-address")) == ""


def test_addresses_are_written_one_way():
    assert client_address(_request("2001:DB8:0:0::1")) == "2001:db8::1"
    assert client_address(_request("::ffff:198.51.100.4")) == "198.51.100.4"


# --- Behind trusted proxies ----------------------------------------------------------------


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_proxy_the_address_it_saw_is_the_client():
    assert client_address(_request("10.0.0.2", "198.51.100.4")) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_proxy_the_addresses_a_visitor_wrote_are_not_believed():
    # The visitor sent "X-Forwarded-For: 1.2.3.4"; the proxy appended what it saw.
    request = _request("10.0.0.2", "1.2.3.4, 198.51.100.4")
    assert client_address(request) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.10"])
def test_behind_a_chain_of_proxies_the_right_most_untrusted_hop_is_the_client():
    request = _request("10.0.0.2", "1.2.3.4, 198.51.100.4, 192.0.2.10, 10.0.0.9")
    assert client_address(request) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_request_that_did_not_come_through_the_proxy_is_taken_at_its_word_only():
    # Straight to the application server, past the proxy: the header is the visitor's own.
    assert client_address(_request("198.51.100.4", "1.2.3.4")) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_proxy_without_a_header_the_proxy_is_the_client():
    assert client_address(_request("10.0.0.2")) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_garbled_hop_stops_the_walk_at_the_last_proxy_that_vouched():
    # Never key a limit on text a visitor can vary at will.
    assert client_address(_request("10.0.0.2", "198.51.100.4, nonsense")) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_when_every_hop_is_a_proxy_the_first_one_is_the_client():
    assert client_address(_request("10.0.0.2", "10.1.1.1, 10.0.0.3")) == "10.1.1.1"


@override_settings(TRUSTED_PROXIES=["unix"])
def test_a_proxy_on_a_unix_socket_can_be_trusted():
    assert client_address(_request("", "198.51.100.4")) == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_an_empty_peer_is_not_trusted_unless_unix_sockets_are():
    assert client_address(_request("", "198.51.100.4")) == ""


@override_settings(TRUSTED_PROXIES=["2001:db8:ffff::/48"])
def test_ipv6_proxies_and_ports_in_the_header():
    request = _request("2001:db8:ffff::1", '"[2001:db8:1::5]:4711", 198.51.100.4:5555')
    assert client_address(request) == "198.51.100.4"
    request = _request("2001:db8:ffff::1", "[2001:db8:1::5]:4711")
    assert client_address(request) == "2001:db8:1::5"


@override_settings(TRUSTED_PROXIES=["not a network"])
def test_a_wrong_setting_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_address(_request("10.0.0.2", "198.51.100.4"))


# --- The network used by limits -------------------------------------------------------------


def test_limits_count_an_ipv6_visitor_by_its_slash_64():
    # One IPv6 subscriber gets a whole /64: counting each address apart would let them
    # through any per-address limit.
    first = client_network(_request("2001:db8:1:2::a"))
    second = client_network(_request("2001:db8:1:2:ffff::b"))
    assert first == second == "2001:db8:1:2::"
    assert client_network(_request("2001:db8:1:3::a")) != first


def test_limits_count_an_ipv4_visitor_by_its_address():
    assert client_network(_request("198.51.100.4")) == "198.51.100.4"
    assert client_network(_request("")) == ""


# --- The class test: every place that identifies a client uses the one function --------------

FORBIDDEN = re.compile(
    r"REMOTE_ADDR|X[-_]FORWARDED[-_]FOR|X[-_]REAL[-_]IP|HTTP_FORWARDED\b|get_client_ip|\bipware\b",
    re.IGNORECASE,
)


def _sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if path != THE_MODULE and "tests" not in path.parts and "migrations" not in path.parts
    ]


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of code of ``path`` without comments and docstrings (prose may name the
    headers; code may not read them)."""
    source = path.read_text()
    prose: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                prose.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return [(n, line) for n, line in enumerate(lines, start=1) if n not in prose]


def test_no_code_outside_the_client_module_reads_the_address_itself():
    offenders = []
    for path in _sources():
        for number, line in _code_lines(path):
            if FORBIDDEN.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert _sources(), "no sources found"
    assert offenders == [], "read the address with lazos.core.client instead"


def test_sign_in_throttling_reads_the_address_through_the_one_function():
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is not None
    request = _request("10.0.0.2", "1.2.3.4, 198.51.100.4")
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) == "198.51.100.4"
    with override_settings(TRUSTED_PROXIES=[]):
        assert import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) == "10.0.0.2"


def _throttle_classes() -> list[type[SimpleRateThrottle]]:
    rest_framework = cast(dict[str, Any], settings.REST_FRAMEWORK)
    configured = [import_string(name) for name in rest_framework["DEFAULT_THROTTLE_CLASSES"]]

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    ours = [c for c in subclasses(SimpleRateThrottle) if c.__module__.startswith("lazos.")]
    return list(dict.fromkeys([*configured, *ours]))


@pytest.mark.parametrize("trusted", [[], ["10.0.0.0/8"]], ids=["no proxy", "proxy"])
def test_every_api_throttle_identifies_the_client_with_the_one_function(trusted):
    request = Request(_request("10.0.0.2", "1.2.3.4, 198.51.100.4"))
    expected = "10.0.0.2" if not trusted else "198.51.100.4"
    assert _throttle_classes()
    with override_settings(TRUSTED_PROXIES=trusted):
        for throttle_class in _throttle_classes():
            assert throttle_class().get_ident(request) == expected, throttle_class


# --- A wrong setting stops the application from starting -------------------------------------


@pytest.mark.parametrize("value", ["10.0.0.0/8,not-a-proxy", "300.1.2.3"])
def test_settings_refuse_a_wrong_trusted_proxies_value(value):
    environment = {
        **os.environ,
        "TRUSTED_PROXIES": value,
        "DJANGO_SETTINGS_MODULE": "lazos.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import lazos.settings"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


def test_settings_accept_addresses_networks_and_unix_sockets():
    environment = {**os.environ, "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1,unix"}
    result = subprocess.run(
        [sys.executable, "-c", "import lazos.settings as s; print(s.TRUSTED_PROXIES)"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
