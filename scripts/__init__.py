"""The stages of lawkb: load and validate records, build the database, serve it, scaffold new records."""
