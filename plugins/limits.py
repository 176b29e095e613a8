"""Per-connection SQLite limits: the SQL time limit does not cap memory, so cap the size of any one value."""

import sqlite3

from datasette import hookimpl

# The largest real value is a few KB of summary text; 10 MB leaves room for any JSON aggregate while making
# `select randomblob(300000000)` fail at once instead of allocating hundreds of MB.
MAX_VALUE_BYTES = 10_000_000


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
