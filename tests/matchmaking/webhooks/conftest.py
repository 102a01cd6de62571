"""A webhook receiver started in the test: a tiny HTTP server in a thread."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """Answers ``fail_first`` requests with 503, then 200; keeps what it accepted.

    ``hold`` (a threading.Event), when set up, makes the first request wait until it is
    set, then drop the connection without an answer (a sender killed in flight)."""

    def __init__(self, fail_first: int = 0):
        self.fail_first = fail_first
        self.requests: list[dict] = []
        self.accepted: list[dict] = []
        self.hold: threading.Event | None = None
        self.arrived = threading.Event()
        self.lock = threading.Lock()


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            entry = {"headers": dict(self.headers), "body": body, "json": json.loads(body),
                     "path": self.path}
            with state.lock:
                state.requests.append(entry)
                number = len(state.requests)
            state.arrived.set()
            if state.hold is not None and number == 1:
                state.hold.wait(60)
                self.close_connection = True
                return
            code = 503 if number <= state.fail_first else 200
            if code == 200:
                with state.lock:
                    state.accepted.append(entry)
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/hook"
    try:
        yield state
    finally:
        server.shutdown()
