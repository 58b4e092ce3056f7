"""The task worker that outlives database restarts and outages.

django-tasks-db's `db_worker` ends with `OperationalError` as soon as PostgreSQL restarts,
and a task whose result could not be written stays "running" for ever. This worker is the
same loop with three changes:

- a lost or refused database connection is one log line; the worker waits (1 s, doubling up
  to `TASKS_WORKER_MAX_BACKOFF` seconds) and carries on with fresh connections;
- a task that finished while the database was away keeps its result until it can be written,
  so it is not run a second time (an e-mail is sent once);
- a task that failed *because* the database went away (nothing it did was committed) is put
  back in the queue and runs again once the database is back.

systemd still restarts the process if it ends for any other reason (deploy/systemd/).
"""

import logging
import signal
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("portal.worker")

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def _first_line(error):
    return (str(error).strip().splitlines() or [""])[0][:200]


def drop_connections():
    """Forget every database connection; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone
            connection.connection = None


class HealingWorker(Worker):
    def __init__(self, *, max_backoff=None, **kwargs):
        super().__init__(**kwargs)
        self.max_backoff = float(
            max_backoff if max_backoff is not None else settings.TASKS_WORKER_MAX_BACKOFF
        )

    def shutdown(self, signum, frame):
        """As the library's, except that a first signal never exits on the spot: it may land
        in the middle of a database commit (claiming the next task), and leaving from there
        prints a traceback. The loop ends at its next turn instead (after at most one
        interval or one backoff wait); a second signal still exits at once."""
        if not self.running:
            return super().shutdown(signum, frame)
        logger.warning(
            "Received %s - shutting down gracefully... (press Ctrl+C again to force)",
            signal.strsignal(signum),
        )
        self.running = False
        return None

    def _backoffs(self):
        delay = min(1.0, self.max_backoff)
        while True:
            yield delay
            delay = min(delay * 2, self.max_backoff)

    def _wait(self, delay, error, doing):
        logger.warning(
            "Database unavailable while %s; retrying in %.1f s (%s: %s)",
            doing,
            delay,
            type(error).__name__,
            _first_line(error),
        )
        drop_connections()
        time.sleep(delay)  # waiting for the database to come back

    def until_the_database_answers(self, action, doing):
        """Run `action` (a database write) until it succeeds, waiting with backoff."""
        for delay in self._backoffs():
            try:
                return action()
            except OUTAGE_ERRORS as error:
                self._wait(delay, error, doing)

    def _record_failure(self, db_task_result, error):
        self.until_the_database_answers(
            lambda: db_task_result.set_failed(error), "recording a failed task"
        )

    def run(self):
        backoffs = self._backoffs()
        while True:
            started = time.monotonic()
            try:
                return super().run()
            except OUTAGE_ERRORS as error:
                if not self.running:
                    return None
                if time.monotonic() - started > self.max_backoff:
                    backoffs = self._backoffs()  # it ran well for a while: start again at 1 s
                self._wait(next(backoffs), error, "fetching tasks")

    def run_task(self, db_task_result):
        """As the library's, but an outage neither loses a result nor runs a task twice."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            try:
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=task_result),
                        *task_result.args,
                        **task_result.kwargs,
                    )
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            except OUTAGE_ERRORS as error:
                logger.warning(
                    "Task id=%s stopped by a database outage; it goes back in the queue (%s)",
                    db_task_result.id,
                    _first_line(error),
                )
                drop_connections()
                self.until_the_database_answers(
                    lambda: DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                        status=TaskResultStatus.READY, started_at=None
                    ),
                    "putting a task back in the queue",
                )
                return
            except Exception as error:  # the task's own failure is its result
                self._record_failure(db_task_result, error)
            else:
                try:
                    self.until_the_database_answers(
                        lambda: db_task_result.set_successful(value), "recording a task's result"
                    )
                except Exception as error:  # e.g. a return value that is not JSON
                    self._record_failure(db_task_result, error)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1
