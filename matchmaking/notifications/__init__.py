"""In-app and e-mail notifications, with each person's per-kind preferences."""
