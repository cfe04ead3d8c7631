"""gunicorn's settings for `rapport serve --production`.

Loaded as ``--config python:rapport.operations.gunicorn_conf``; the command line's
``--workers`` and ``--bind`` override what is here. gunicorn's own access log is off:
Rapport's middleware writes one JSON line a request, with the request id and member.
"""

from __future__ import annotations

import os

wsgi_app = "rapport.wsgi:application"
accesslog = None
# Requests answer in milliseconds; a worker stuck for 30 s is killed and replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
# X-Forwarded-Proto is believed only from these proxies (gunicorn's own default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

_json = {"()": "rapport.operations.logs.JsonLinesFormatter"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        # Off (gunicorn turns it on with any logconfig_dict): rapport.access has the same.
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
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
