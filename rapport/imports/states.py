"""The life of an import job, declared once.

queued → reading (parse the whole file, progress reported) → writing (one
transaction) → done; any of them → failed. A job whose process was killed stays
"reading" or "writing" in its row; readers treat one that has not moved for
``STALLED_AFTER`` as failed, and the next run of the job service records it so. When
the task runs again (production's RQ reruns a task whose worker died), the job starts
over at "reading": none of its keeper rows were written.
"""

import datetime as dt

from rapport.state_graph import graph

STALLED_AFTER = dt.timedelta(hours=1)

IMPORT_GRAPH = graph(
    "Import",
    initial="queued",
    transitions={
        "queued": ["reading", "failed"],
        "reading": ["reading", "writing", "failed"],
        "writing": ["reading", "done", "failed"],
        "done": [],
        "failed": [],
    },
    labels={
        "queued": "Waiting to start",
        "reading": "Reading the file",
        "writing": "Writing to your keeper",
        "done": "Done",
        "failed": "Failed",
    },
    timeouts={
        "queued": (dt.timedelta(days=1), "failed"),
        "reading": (STALLED_AFTER, "failed"),
        "writing": (STALLED_AFTER, "failed"),
    },
)
