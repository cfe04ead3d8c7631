"""gunicorn's settings for `rapport serve --production`.

Loaded as ``--config python:rapport.operations.gunicorn_conf``; the command line's
``--workers`` and ``--bind`` override what is here. gunicorn's own access log is off:
Rapport's middleware writes one JSON line a request, with the request id and member.
"""

from __future__ import annotations

import gc

from gunicorn import glogging

from rapport import environment


class Logger(glogging.Logger):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's logger, without its access line.

    ``rapport.access`` already writes one line a request. Turning gunicorn's off by its
    logger's level is not enough: with any ``logconfig_dict`` gunicorn still builds the
    line (a dozen formatted atoms) before the level drops it, 4% of a worker's time on
    a kept home page (docs/benchmarks.md, "Load")."""

    def access(self, resp: object, req: object, environ: object, request_time: object) -> None:
        return None


logger_class = Logger

wsgi_app = "rapport.wsgi:application"
accesslog = None
# Requests answer in milliseconds; a worker stuck for 30 s is killed and replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
# X-Forwarded-Proto is believed only from these proxies (gunicorn's own default).
forwarded_allow_ips = environment.ip_networks("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

_json = {"()": "rapport.operations.logs.JsonLinesFormatter"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
    },
    "formatters": {"json": _json},
}


def post_worker_init(worker: object) -> None:
    """Set aside from the garbage collector what the worker loaded to serve (Django,
    Rapport and their modules: about 170,000 objects that live as long as it does).

    Otherwise every full collection walks them all again: 111 ms for one measured in
    process on this benchmark's machine, 29 ms once they were frozen; the requests
    waiting on that worker wait that long too (docs/benchmarks.md, "Load").
    """
    gc.collect()
    gc.freeze()
