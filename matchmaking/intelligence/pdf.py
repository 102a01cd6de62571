"""A market brief as PDF, drawn by WeasyPrint (imported here, on first export only)."""

from django.template.loader import render_to_string

from .selectors import BriefView


def brief_pdf_bytes(view: BriefView) -> bytes:
    """The brief's current version in the reader's language (the other one where the
    reader's is empty), with its source and version line."""
    from weasyprint import HTML

    html = render_to_string(
        "matchmaking/intelligence/brief_pdf.html",
        {
            "view": view,
            "font_family": '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif',
        },
    )
    return HTML(string=html).write_pdf()
