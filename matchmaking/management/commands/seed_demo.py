from django.core.management.base import BaseCommand

from matchmaking.demo import seed_demo, seed_demo_matches_and_meetings


class Command(BaseCommand):
    help = "Create or refresh the demo data (deterministic for a seed, safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")

    def handle(self, *args, seed: int, **options):
        counts = seed_demo(seed=seed)
        counts |= seed_demo_matches_and_meetings()
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}."))
