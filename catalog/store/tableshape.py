"""The shape of a server database's catalog tables, against the one a load writes.

A load refills a PostgreSQL database's tables in place when its stored schema fingerprint
matches (:func:`catalog.store.db._write`), and the tables the rows go into are then whatever
the database holds: a unique constraint or index, a NOT NULL, a narrower type or an extra
column of someone with rights on them failed the load with the server's own words ('duplicate
key value violates unique constraint ...'), and a foreign key of another table on a catalog
table made the load's deletes delete that table's rows too (ON DELETE CASCADE), as the loading
user. A load first compares the tables' columns, constraints and unique indexes with those of
the tables it creates (made in the session's temporary schema, in a savepoint rolled back: one
source of truth, the load's own DDL), and refuses any difference, naming it.
"""

from __future__ import annotations

from sqlalchemy import text

# Each visible catalog table's columns (type, NOT NULL, default or generation expression),
# constraints and unique indexes not a constraint's own (others only cost time; expression and partial ones are
# refused as code a load runs, db._SERVER_EXTRAS_SQL), as (table, kind, name, definition).
_SHAPE_SQL = """
SELECT c.relname, 'column', a.attname,
       a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
               THEN ' COLLATE ' || (SELECT l.collname FROM pg_collation l WHERE l.oid = a.attcollation) ELSE '' END
       || coalesce(CASE a.attgenerated WHEN '' THEN ' DEFAULT ' ELSE ' GENERATED ' END
                   || pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT c.relname, 'constraint', k.conname, pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
 WHERE c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT c.relname, 'unique index', i.relname, regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING ', '')
  FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
 WHERE x.indisunique AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                                                  AND k.contype IN ('p', 'u', 'x'))"""

# A foreign key of a table other than the catalog's on a catalog table: the load's deletes would
# run its ON DELETE action on that table (or fail on its rows).
_REFERENCES_SQL = """
SELECT k.conname, c.relname, f.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
  JOIN pg_class f ON f.oid = k.confrelid
 WHERE k.contype = 'f' AND f.relname = ANY(:tables) AND pg_table_is_visible(f.oid)
   AND NOT (c.relname = ANY(:tables) AND pg_table_is_visible(c.oid))
 LIMIT 1"""


def _shape(connection, tables: list[str]) -> dict[tuple[str, str, str], str]:
    """``{(table, kind, definition): name}`` of the visible tables named ``tables``."""
    rows = connection.execute(text(_SHAPE_SQL), {"tables": tables})
    return {(table, kind, definition): name for table, kind, name, definition in rows}


def _written(connection, tables: list[str], create) -> dict[tuple[str, str, str], str]:
    """The shape of the tables ``create(connection)`` makes: made in the temporary schema (first
    on the search path here, so theirs are the visible ones) and rolled back."""
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql("SET LOCAL search_path = pg_temp")
        create(connection)
        return _shape(connection, tables)
    finally:
        savepoint.rollback()  # the tables and the search path with them


def foreign_key(connection, tables: list[str]) -> str | None:
    """Another table's foreign key on one of the catalog tables named ``tables``, as a phrase."""
    from catalog import textguard

    found = connection.execute(text(_REFERENCES_SQL), {"tables": tables}).first()
    if found is None:
        return None
    name, table, target = found
    return (f"a foreign key ({textguard.quoted(name)} on {textguard.quoted(table)}) on the catalog table "
            f"{textguard.quoted(target)}, whose rows a load deletes")


def differences(connection, tables: list[str], create) -> list[str]:
    """What the server database's tables named ``tables`` hold that those ``create`` makes do
    not, or lack, each as a phrase (empty when they match). ``create(connection)`` runs the
    load's DDL for those tables."""
    from catalog import textguard

    held, written = _shape(connection, tables), _written(connection, tables, create)
    out = []
    for key in sorted(held.keys() - written.keys()):
        table, kind, definition = key
        what = "" if kind == "column" else f" {textguard.quoted(held[key])}"
        out.append(f"{textguard.quoted(table)} has a {kind}{what} {textguard.quoted(definition)}")
    for table, kind, definition in sorted(written.keys() - held.keys()):
        out.append(f"{textguard.quoted(table)} lacks the {kind} {textguard.quoted(definition)}")
    return out
