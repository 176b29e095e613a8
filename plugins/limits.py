"""Per-connection SQLite limits, so a hostile query costs its sender, not every other reader.

- The SQL time limit does not cap memory: cap the size of any one value instead.
- Datasette checks the time limit every 1,000 SQLite instructions, each check a call into Python that takes
  the GIL: three runaway queries then starved the event loop (a trivial page took 2.4 s to answer). Checking
  every 200,000 instructions (about 15 ms of work) keeps the limit as sharp to a person and frees the loop.
"""

import sqlite3
import time
from contextlib import contextmanager

import datasette.database
from datasette import hookimpl

# The largest real value is a few KB of summary text; 10 MB leaves room for any JSON aggregate while making
# `select randomblob(300000000)` fail at once instead of allocating hundreds of MB.
MAX_VALUE_BYTES = 10_000_000
INSTRUCTIONS_PER_CHECK = 200_000


@contextmanager
def sqlite_timelimit(conn, ms):
    """Datasette's own time limit (datasette.utils.sqlite_timelimit), checked less often."""
    deadline = time.perf_counter() + (ms / 1000)

    def handler():
        if time.perf_counter() >= deadline:
            return 1  # terminates the query with "interrupted"; Datasette reports it as too slow

    conn.set_progress_handler(handler, INSTRUCTIONS_PER_CHECK if ms > 20 else 1)
    try:
        yield
    finally:
        conn.set_progress_handler(None, INSTRUCTIONS_PER_CHECK)


datasette.database.sqlite_timelimit = sqlite_timelimit


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
