"""``manage.py schedule_meetings --instance FILE.json --output OUT.json [--time-limit S]``.

A thin wrapper around the plain scheduler's command line (``python -m
matchmaking.scheduling``), so the solver runs and is checked on the benchmark formats.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Schedule the meetings of an instance file (benchmark JSON) into a schedule file."

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="instance JSON to read")
        parser.add_argument("--output", required=True, help="schedule JSON to write")
        parser.add_argument("--time-limit", type=float, default=None, help="seconds")

    def handle(self, *args, **options):
        from matchmaking.scheduling.__main__ import main

        argv = ["--instance", options["instance"], "--output", options["output"]]
        if options["time_limit"] is not None:
            argv += ["--time-limit", str(options["time_limit"])]
        status = main(argv)
        if status:
            raise CommandError(f"the scheduler exited with status {status}")
