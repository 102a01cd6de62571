"""Cursor pagination for the API's lists.

Query sets page with DRF's cursor (an opaque position in a fixed order, stable while rows
are added). The ranked matches come from the pages' selectors as a list already bounded
(the best ``LIST_LIMIT``); they page with a signed offset in the same envelope.
"""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.core import signing
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class ApiCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)


class ByNamePagination(ApiCursorPagination):
    ordering = ("sort_name", "pk")


class ByCodePagination(ApiCursorPagination):
    ordering = ("code",)


class ByDatePagination(ApiCursorPagination):
    ordering = ("start_date", "pk")


class ListCursorPagination(ApiCursorPagination):
    """The same envelope (next, previous, results) over a list in memory."""

    salt = "api.list-cursor"

    def paginate_list(self, rows: list, request) -> list:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        raw = request.query_params.get(self.cursor_query_param)
        self.offset = 0
        if raw:
            try:
                self.offset = int(signing.loads(urlsafe_b64decode(raw.encode()).decode(), salt=self.salt))
            except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
                raise NotFound(_("Invalid cursor")) from error
        self.count = len(rows)
        return rows[self.offset : self.offset + self.page_size]

    def _link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        if offset <= 0:
            return remove_query_param(self.base_url, self.cursor_query_param)
        token = urlsafe_b64encode(signing.dumps(offset, salt=self.salt).encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_paginated_response(self, data) -> Response:
        following = self.offset + self.page_size
        return Response(
            {
                "next": self._link(following if following < self.count else None),
                "previous": self._link(
                    max(self.offset - self.page_size, 0) if self.offset > 0 else None
                ),
                "results": data,
            }
        )
