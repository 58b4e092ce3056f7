"""`manage.py run_worker`: django-tasks-db's `db_worker` that survives database outages.

Same options as `db_worker` (queues, interval, batch, max tasks, worker id) without the code
reloader; see home/worker.py for what it does differently.
"""

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from home.worker import HealingWorker


class Command(db_worker.Command):
    help = "Run the background task worker; it waits for the database when it is away."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=None,
            help="Longest wait between attempts while the database is away, in seconds "
            "(default: the TASKS_WORKER_MAX_BACKOFF setting).",
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        exclude_queues,
        max_backoff,
        **options,
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HealingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            max_backoff=max_backoff,
        )
        worker.configure_signals()
        worker.run()
