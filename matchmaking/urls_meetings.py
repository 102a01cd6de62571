"""URLs of the meeting pages (requests, schedule, agenda, invitations)."""

urlpatterns: list = []
