"""What every response gets: security headers, and (the database being immutable) a bounded memory cache.

Datasette 0.65 sets no Content-Security-Policy; its own pages carry inline scripts and styles, so those are
allowed, but nothing may load from or send to another site, and no page may be framed. Records cannot hold
markup (validation refuses it) and templates escape text, so the policy is a second wall, not the first.

The database never changes while the server runs (`-i`, immutable), so a page's bytes for a given URL never
change either: GET responses are kept in memory (bounded by count and bytes) and served again without SQL.
Arbitrary SQL (`sql=`), error responses and anything carrying cookies are never cached.

Arbitrary SQL shares Datasette's few SQL threads with every page. Three runaway queries at once held all three
and a trivial page waited 2.3 s; so at most ARBITRARY_SQL_SLOTS such queries run at a time (the rest wait
briefly, then get 429), leaving threads for people reading pages. Debugging pages are not served, and no
method but GET and HEAD is accepted: nothing here takes a form, a file or an image.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict

from datasette import hookimpl

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",  # Datasette's own pages use inline scripts
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # a reader's path through the site is nobody else's business
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
ARBITRARY_SQL_SLOTS = 2  # of serve.SETTINGS["num_sql_threads"]
SLOT_WAIT_SECONDS = 5
HIDDEN_PATHS = {"/-/allow-debug", "/-/permissions", "/-/messages", "/-/create-token", "/-/actor", "/-/threads"}
MAX_ENTRIES = 2000
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a big CSV export is streamed, not kept


class ResponseCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.entries: OrderedDict[bytes, tuple[dict, list[bytes]]] = OrderedDict()
        self.max_entries, self.max_bytes, self.bytes = max_entries, max_bytes, 0

    def get(self, key: bytes):
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: bytes, start: dict, body: list[bytes]) -> None:
        size = sum(len(b) for b in body)
        if size > MAX_ENTRY_BYTES or key in self.entries:
            return
        self.entries[key] = (start, body)
        self.bytes += size
        while len(self.entries) > self.max_entries or self.bytes > self.max_bytes:
            _, (_, old) = self.entries.popitem(last=False)
            self.bytes -= sum(len(b) for b in old)


def cacheable(scope: dict) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    if arbitrary_sql(scope) or scope["path"].startswith("/-/"):
        return False
    return not any(name == b"cookie" for name, _ in scope.get("headers", []))


def arbitrary_sql(scope: dict) -> bool:
    return b"sql=" in scope.get("query_string", b"")


async def plain(send, status: int, text: str, headers: list | None = None) -> None:
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"text/plain; charset=utf-8"), *(headers or [])]}
    await send(with_headers(start))
    await send({"type": "http.response.body", "body": text.encode()})


def with_headers(start: dict) -> dict:
    present = {name.lower() for name, _ in start.get("headers", [])}
    extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
    return {**start, "headers": [*start.get("headers", []), *extra]}


@hookimpl
def asgi_wrapper(datasette):
    cache = ResponseCache()
    # LAWKB_RESPONSE_CACHE=off measures the cost of rendering every page (scripts/loadbench.py).
    # Datasette's own in-memory _internal database is writable, but pages never show its changes.
    immutable = all(not db.is_mutable for name, db in datasette.databases.items() if name != "_internal") and (
        os.environ.get("LAWKB_RESPONSE_CACHE", "on") != "off")
    slots = asyncio.Semaphore(ARBITRARY_SQL_SLOTS)

    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            if scope["path"].rstrip("/") in HIDDEN_PATHS:
                await plain(send, 404, "Not found")
                return
            if scope["method"] not in ("GET", "HEAD"):  # read-only: nothing here takes a form or an upload
                await plain(send, 405, "This site is read-only.", [(b"allow", b"GET, HEAD")])
                return
            if arbitrary_sql(scope):
                try:
                    await asyncio.wait_for(slots.acquire(), SLOT_WAIT_SECONDS)
                except asyncio.TimeoutError:
                    await plain(send, 429, "Too many SQL queries at once; try again shortly.", [(b"retry-after", b"2")])
                    return
                try:
                    await serve(app, scope, receive, send)
                finally:
                    slots.release()
                return
            await serve(app, scope, receive, send)

        async def serve(app, scope, receive, send):
            # Some pages embed the host they were asked for (the Atom feed's ids): it is part of the key.
            host = next((v for n, v in scope.get("headers", []) if n == b"host"), b"")
            key = host + b" " + scope["path"].encode() + b"?" + scope.get("query_string", b"")
            use_cache = immutable and cacheable(scope)
            if use_cache:
                hit = cache.get(key)
                if hit is not None:
                    start, body = hit
                    await send({**start, "headers": [*start["headers"], (b"x-lawkb-cache", b"hit")]})
                    for i, chunk in enumerate(body):
                        await send({"type": "http.response.body", "body": chunk, "more_body": i < len(body) - 1})
                    return
            state: dict = {"start": None, "body": [], "keep": use_cache}

            async def capture(message):
                if message["type"] == "http.response.start":
                    message = with_headers(message)
                    state["start"] = message
                    state["keep"] = state["keep"] and message["status"] == 200
                elif message["type"] == "http.response.body" and state["keep"]:
                    state["body"].append(message.get("body", b""))
                    if sum(len(b) for b in state["body"]) > MAX_ENTRY_BYTES:
                        state["keep"], state["body"] = False, []
                    elif not message.get("more_body", False):
                        cache.put(key, state["start"], state["body"])
                await send(message)

            await app(scope, receive, capture)

        return wrapped

    return wrap
