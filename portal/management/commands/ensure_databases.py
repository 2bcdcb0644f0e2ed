"""Create the PostgreSQL databases named in the settings when they do not exist yet."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the configured PostgreSQL databases if they are missing (SQLite needs nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        for alias, db in settings.DATABASES.items():
            if "postgresql" not in db["ENGINE"]:
                continue
            # The PostgreSQL driver only when a PostgreSQL database is configured.
            import psycopg2
            from psycopg2 import sql  # with the driver, for the same reason

            conn = psycopg2.connect(
                dbname="postgres",
                user=db.get("USER") or None,
                password=db.get("PASSWORD") or None,
                host=db.get("HOST") or None,
                port=db.get("PORT") or None,
            )
            conn.autocommit = True
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                    if cur.fetchone() is None:
                        cur.execute(
                            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"]))
                        )
                        self.stdout.write(f"created database {db['NAME']} ({alias})")
            finally:
                conn.close()
