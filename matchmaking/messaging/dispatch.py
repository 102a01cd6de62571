"""Messaging queues no work of its own: its e-mails go out as notifications (through the
notifications area and the meetings outbox). Kept so every area has the same shape."""

TASK_NAMES: tuple[str, ...] = ()
