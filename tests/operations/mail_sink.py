"""A mail server for fault tests: it accepts messages, and can hold one half-way.

Holding means reading a message's DATA and not answering, so the sender is caught in
the middle of a send; a message is delivered only once the server has answered 250,
which a held one never is. ``process_of_held_sender`` finds, through /proc, the
process on the other end: the one to kill "mid-task".
"""

from __future__ import annotations

import email
import socketserver
import threading
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class MailSink:
    hold_after: int | None = None  # hold the message that follows this many deliveries
    delivered: list[email.message.Message] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    held_peer_port: int | None = None
    _release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                sink._session(self)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(address for mail in self.delivered for address in mail["To"].split(","))

    def release(self) -> None:
        """Stop holding; the held message is dropped, never answered."""
        self.hold_after = None
        self._release.set()

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def _session(self, session: socketserver.StreamRequestHandler) -> None:
        def say(line: str) -> None:
            session.wfile.write(f"{line}\r\n".encode())
            session.wfile.flush()

        say("220 sink ESMTP")
        while line := session.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb in {"EHLO", "HELO"}:
                say("250 sink")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                say("250 OK")
            elif verb == "DATA":
                say("354 end with .")
                data = b""
                while (chunk := session.rfile.readline()) not in {b".\r\n", b""}:
                    data += chunk
                with self._lock:
                    hold = self.hold_after is not None and len(self.delivered) >= self.hold_after
                    if not hold:
                        self.delivered.append(email.message_from_bytes(data))
                if hold:
                    self.held_peer_port = session.client_address[1]
                    self.held.set()
                    self._release.wait()
                    return
                say("250 delivered")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("502 not here")


def process_of_held_sender(sink: MailSink) -> int:
    """The pid whose socket is the held session's other end (Linux /proc)."""
    port = f"{sink.held_peer_port:04X}"
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[1].endswith(f":{port}"):
                inode = fields[9]
    assert inode is not None, "the held session's socket is not in /proc/net/tcp"
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [fd.readlink() for fd in fd_dir.iterdir()]
        except OSError:
            continue
        if Path(f"socket:[{inode}]") in links:
            return int(fd_dir.parent.name)
    raise AssertionError("no process holds the held session's socket")
