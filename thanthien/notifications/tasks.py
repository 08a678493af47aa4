"""Background sending of the outbox: at once after a commit, and every minute for retries and for
messages whose quiet hours or back-off have ended. `thanthien deliver_outbox --loop` does the same as a
process of its own.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from thanthien.notifications.outbox import Worker


@db_task()
def deliver_outbox() -> int:
    """Send what is due; return how many were sent."""
    return send_due_notifications()


@db_periodic_task(crontab(minute="*"))
@lock_task("notifications-retry-outbox")
def retry_outbox() -> int:
    """Send what an earlier attempt left queued (one run at a time; the claims keep them apart anyway)."""
    return send_due_notifications()


def send_due_notifications(max_seconds: float = 50) -> int:
    """Deliver until nothing is due; safe to run in several workers at once."""
    worker = Worker()
    try:
        return worker.deliver_all_due(max_seconds=max_seconds)
    finally:
        worker.close()
