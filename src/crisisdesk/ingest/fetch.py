"""Fetch pages and feeds over HTTP(S) politely and safely: httpx with timeouts, a size cap, a per-host
rate limit, retries with backoff, robots.txt, and no private addresses unless the user allows them."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import InputError

USER_AGENT = f"crisisdesk/{__version__} (news analysis for crisis research; respects robots.txt)"
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(InputError):
    """A URL could not be fetched, or was refused before fetching."""

    code = "E105"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how safely to fetch."""

    # 20 s covers slow news sites seen through a proxy; a stuck server must not hang a batch for longer.
    timeout: float = 20.0
    # The largest news pages with inline scripts run to about 3 MB; 10 MB leaves room and stops runaway bodies.
    max_bytes: int = 10 * 1024 * 1024
    # A whole response within 60 s (10 MB at 170 KB/s): a server dripping bytes under the read timeout is cut.
    max_seconds: float = 60.0
    # Two retries with 1 s then 2 s waits ride out a brief 503 without hammering a failing server.
    retries: int = 2
    backoff: float = 1.0
    # One request a second per host is the usual polite crawl rate; robots.txt's Crawl-delay may ask for more.
    per_host_interval: float = 1.0
    # Five hops covers http->https->www->canonical chains; more is a loop or a tracker chain.
    max_redirects: int = 5
    # Waits a server asks for (Retry-After, Crawl-delay) above this are refused rather than slept through.
    max_wait: float = 60.0
    user_agent: str = USER_AGENT
    allow_private: bool = False
    respect_robots: bool = True


@dataclass
class Response:
    """A fetched resource: final URL, status, body and the headers a reader needs."""

    url: str
    status: int
    content: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(value: str) -> bool:
    """Tell a URL argument from a path: it starts with a scheme and '://'."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", value) is not None


def _decompress(data: bytes, encoding: str, cap: int, source: str) -> bytes:
    """Undo a gzip or deflate Content-Encoding, refusing truncated data and bodies over the cap."""
    if encoding in {"", "identity"}:
        return data
    if encoding not in {"gzip", "x-gzip", "deflate"}:
        raise FetchError(f"unsupported Content-Encoding {encoding!r}", source=source)
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    decomp = zlib.decompressobj(wbits)
    try:
        out = decomp.decompress(data, cap + 1)
    except zlib.error as exc:
        raise FetchError(f"broken {encoding} response ({exc})", source=source) from exc
    if len(out) > cap:
        raise FetchError(f"response is over the {cap:,}-byte limit once decompressed", source=source)
    if not decomp.eof:
        raise FetchError(f"truncated {encoding} response: the compressed body ends early", source=source)
    return out


def _blocked_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # not is_global also covers the shared address space of carrier NAT (100.64.0.0/10) and benchmarking nets.
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse URLs that are not http(s), and hosts on private, loopback or link-local addresses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}", source=url)
    host = parts.hostname
    if not host:
        raise FetchError("the URL names no host", source=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc.strerror})", source=url) from exc
    for info in infos:
        if _blocked_address(str(info[4][0])):
            raise FetchError(
                f"host {host!r} is on a private, loopback or link-local address ({info[4][0]})",
                source=url,
                hint="pass --allow-private to fetch from your own network",
            )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Fetcher:
    """An HTTP client that keeps the rules: one per run, so rate limits and robots.txt are shared."""

    def __init__(self, policy: FetchPolicy | None = None, *, sleep=time.sleep) -> None:
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -----------------------------------------------------------------------------
    def _wait_for_host(self, host: str, interval: float) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt of the URL's origin (None: everything allowed)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        rules: urllib.robotparser.RobotFileParser | None
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        rules = parser
        try:
            resp = self._request(origin + "/robots.txt", {}, check_robots=False, retries=0, raise_status=False)
        except FetchError:
            # RFC 9309: an unreachable robots.txt means the site is not to be crawled.
            parser.parse(["User-agent: *", "Disallow: /"])
        else:
            if resp.status >= 500:
                parser.parse(["User-agent: *", "Disallow: /"])
            elif resp.status >= 400:
                rules = None  # RFC 9309: robots.txt "unavailable" (4xx) allows everything
            else:
                parser.parse(resp.content.decode("utf-8", errors="replace").splitlines())
        self._robots[origin] = rules
        return rules

    # -- fetching -------------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch a URL (following redirects) or raise FetchError naming it; 304 comes back as a Response."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers, check_robots=self.policy.respect_robots, retries=self.policy.retries)

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool, retries: int, raise_status: bool = True) -> Response:
        seen: list[str] = []
        current = url
        while True:
            check_url(current, allow_private=self.policy.allow_private)
            interval = self.policy.per_host_interval
            if check_robots:
                robots = self._robots_for(current)
                if robots is not None and not robots.can_fetch(self.policy.user_agent, current):
                    raise FetchError("robots.txt of the site disallows fetching this URL", source=url)
                delay = robots.crawl_delay(self.policy.user_agent) if robots is not None else None
                if delay:
                    interval = max(interval, min(float(delay), self.policy.max_wait))
            resp = self._one(current, headers, interval, retries, origin=url)
            if resp.status in {301, 302, 303, 307, 308} and "location" in resp.headers:
                seen.append(current)
                nxt = urljoin(current, resp.headers["location"])
                if nxt in seen:
                    raise FetchError(f"redirect loop ({' -> '.join([*seen, nxt])})", source=url)
                if len(seen) > self.policy.max_redirects:
                    raise FetchError(f"more than {self.policy.max_redirects} redirects", source=url)
                current = nxt
                continue
            if resp.status >= 400 and raise_status:
                raise FetchError(f"the server answered HTTP {resp.status}", source=url)
            return resp

    def _one(self, url: str, headers: dict[str, str], interval: float, retries: int, *, origin: str) -> Response:
        """One request with retries on network errors and on 429/5xx answers."""
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_for_host(host, interval)
            try:
                resp = self._stream(url, headers, origin=origin)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if attempt >= retries:
                    raise FetchError(f"network error after {attempt + 1} attempts: {type(exc).__name__}: {exc}", source=origin) from exc
                wait = self.policy.backoff * 2**attempt
            else:
                if resp.status not in _RETRY_STATUS or attempt >= retries:
                    return resp
                asked = _retry_after(resp.headers.get("retry-after"))
                if asked is not None and asked > self.policy.max_wait:
                    return resp
                wait = max(self.policy.backoff * 2**attempt, asked or 0.0)
            attempt += 1
            self._sleep(wait)

    def _stream(self, url: str, headers: dict[str, str], *, origin: str) -> Response:
        """Read a response body up to the size cap; a larger or broken body is a FetchError."""
        cap = self.policy.max_bytes
        with self._client.stream("GET", url, headers=headers) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise FetchError(f"response of {int(declared):,} bytes is over the {cap:,}-byte limit", source=origin)
            chunks, size = [], 0
            deadline = time.monotonic() + self.policy.max_seconds
            # Raw bytes, decompressed below: httpx's own decoder lets a truncated gzip body pass silently.
            for chunk in resp.iter_raw():
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(f"response took longer than {self.policy.max_seconds:g} s", source=origin)
                if size > cap:
                    raise FetchError(f"response is over the {cap:,}-byte limit", source=origin)
                chunks.append(chunk)
            body = _decompress(b"".join(chunks), resp.headers.get("content-encoding", "").strip().lower(), cap, origin)
            content_type = resp.headers.get("content-type", "")
            return Response(
                url=str(resp.url),
                status=resp.status_code,
                content=body,
                content_type=content_type.split(";", 1)[0].strip().lower(),
                charset=_charset(content_type),
                etag=resp.headers.get("etag"),
                last_modified=resp.headers.get("last-modified"),
                headers={k.lower(): v for k, v in resp.headers.items()},
            )
