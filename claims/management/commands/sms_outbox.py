"""Print the latest messages the SMS stand-in recorded (what workers' phones would have got)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.sms.client import outbox_path, outbox_read


class Command(BaseCommand):
    help = "Print the latest messages recorded by the SMS stand-in (claims.sms.FileBackend)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        messages = outbox_read(limit=max(1, options["limit"]))
        if not messages:
            self.stdout.write(f"no message in {outbox_path()}")
        for message in messages:
            self.stdout.write(f"{message['at']}  {message['to']}  {message['text']}")
