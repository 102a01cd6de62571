"""URLs of the matching pages (scores, reasons, buyer and SME decisions)."""

urlpatterns: list = []
