"""kombu's Redis transport, but an entry in a queue that is not a message cannot stop a worker.

kombu pops an entry from the Redis list and decodes its JSON envelope inside the worker's event
loop; an entry that is not an envelope (written by hand, truncated, another program's) raises
there and Celery ends the worker with "Unrecoverable error" (celery issues 1113 and 4308, the
same failure as kombu issue 1551 with the filesystem transport). Here such an entry is logged
and set aside, wrapped as a message on the dead-letter queue, and the worker goes on.
`install()` points kombu's `redis` and `rediss` names at this transport (portal.celery calls
it), so every URL the settings accept keeps working unchanged.

Messages whose envelope is fine but whose body cannot be read are Celery's part:
portal.celery.SetAsideConsumer.
"""

# mypy: disable-error-code="attr-defined"
# (celery-types' kombu stubs leave out the Redis channel's internals this module builds on.)
from __future__ import annotations

import logging
from queue import Empty
from typing import Any

from kombu import transport as kombu_transports
from kombu.exceptions import KombuError
from kombu.transport import redis as kombu_redis
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import loads

logger = logging.getLogger("portal.broker")

DEAD_LETTER_QUEUE = "dead_letter"
#: What a broken entry can raise while it is decoded and turned into a message.
UNREADABLE = (ValueError, KeyError, TypeError, AttributeError, KombuError)


class Channel(kombu_redis.Channel):
    def entry_set_aside(self, raw: Any, source: str, exc: BaseException) -> None:
        """Keep an unreadable entry on the dead-letter queue as the body of a proper message."""
        raw_bytes = raw if isinstance(raw, bytes) else str(raw).encode("utf-8", "replace")
        try:
            message = self.prepare_message(
                raw_bytes,
                content_type="application/octet-stream",
                content_encoding="binary",
                headers={"x-set-aside-reason": f"not a message: {exc!r}"[:500]},
                properties={"delivery_info": {}},
            )
            self.basic_publish(message, exchange="", routing_key=DEAD_LETTER_QUEUE)
        except Exception:  # the worker must go on even if keeping it fails
            logger.exception("could not set aside an unreadable entry of queue %r", source)
            return
        logger.error(
            "unreadable entry of queue %r set aside on queue %r (%d bytes): %r",
            source,
            DEAD_LETTER_QUEUE,
            len(raw_bytes),
            exc,
        )

    # kombu 5's Channel._brpop_read, with the decoding and delivery of one entry guarded.
    def _brpop_read(self, **options: Any) -> bool:
        try:
            try:
                dest__item = self.client.parse_response(self.client.connection, "BRPOP", **options)
            except self.connection_errors:
                # As kombu: disconnect so that the next iteration reconnects.
                self.client.connection.disconnect()
                raise
            if not dest__item:
                raise Empty()
            dest, item = dest__item
            dest = bytes_to_str(dest).rsplit(self.sep, 1)[0]
            self._queue_cycle.rotate(dest)
            try:
                payload = loads(bytes_to_str(item))
                if not isinstance(payload, dict):
                    raise TypeError(f"an envelope is a JSON object, not {type(payload).__name__}")
                self.connection._deliver(payload, dest)
            except UNREADABLE as exc:
                self.entry_set_aside(item, dest, exc)
                return False
            return True
        finally:
            self._in_poll = None
            flush = getattr(self, "_flush_brpop_reauth", None)
            if flush is not None:
                flush()

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        with self.conn_or_acquire() as client:
            for pri in self.priority_steps:
                item = client.rpop(self._q_for_pri(queue, pri))
                if item:
                    self._maybe_update_queues_expire(client, queue)
                    try:
                        payload = loads(bytes_to_str(item))
                        if not isinstance(payload, dict):
                            raise TypeError("an envelope is a JSON object")
                    except UNREADABLE as exc:
                        self.entry_set_aside(item, queue, exc)
                        continue
                    return payload
            self._maybe_update_queues_expire(client, queue)
            raise Empty()


class Transport(kombu_redis.Transport):
    Channel = Channel


def install() -> None:
    """Make the `redis`/`rediss` URL schemes use this transport in this process."""
    for name in ("redis", "rediss"):
        kombu_transports.TRANSPORT_ALIASES[name] = "portal.broker:Transport"
        kombu_transports._transport_cache.pop(name, None)
