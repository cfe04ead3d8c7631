"""Bringing a file into a member's keeper: the job, the reading, the one write.

An import runs in three steps, each with its own transaction, so its progress can be
seen and its result is all or nothing:

1. ``import_job_create`` records the job (and stores an upload under the data
   folder's ``imports/``), then enqueues the task once that is committed;
2. ``import_job_run`` reads the whole file with the source's importer, committing
   progress (lines read of lines in all) every half second. A file that cannot be
   read fails the job with the file, line and reason, and nothing is written;
3. it then matches and writes everything in one transaction, which also marks the
   job done with its summary. Killed midway, the keeper is as it was and the job row
   stops moving (readers treat a stalled job as failed, see ``states.py``) until the
   task runs again, which starts the job over.

The uploaded copy is deleted when the job ends, however it ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, RapportError
from rapport.imports.collector import collector_paused
from rapport.imports.models import ImportJob
from rapport.imports.parsers import IMPORTERS
from rapport.imports.parsers.base import ImportFileError, clean_email
from rapport.imports.parsers.linkedin import wanted as linkedin_wants
from rapport.imports.states import IMPORT_GRAPH, STALLED_AFTER
from rapport.imports.writing import import_write
from rapport.members.models import Member
from rapport.safety.sending_limits import (
    IMPORTS_AT_ONCE,
    IMPORTS_PER_DAY,
    refuse_beyond,
    sending_lock,
)

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
PROGRESS_SECONDS = 0.5
ARCHIVE_EXPANSION = 20
"""A LinkedIn ZIP may unpack to at most this many times the upload limit (zip bombs)."""
CHUNK = 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "RAPPORT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def upload_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_sweep(*, now: dt.datetime | None = None) -> int:
    """Delete uploads no running job needs and older than a stalled job's hour: left by
    a process that died, or by a job whose transaction was rolled back. Returns how many."""
    now = now or timezone.now()
    folder = upload_folder()
    wanted = set(
        ImportJob.objects.filter(uploaded=True)
        .exclude(state__in=ImportJob.graph.terminal)
        .values_list("path", flat=True)
    )
    cutoff = (now - STALLED_AFTER).timestamp()
    removed = 0
    for item in folder.iterdir():
        try:
            if item.is_file() and str(item) not in wanted and item.stat().st_mtime < cutoff:
                item.unlink()
                removed += 1
        except OSError:
            continue  # another process got there first
    return removed


def _clean_me(source: str, me: Sequence[str]) -> list[str]:
    """Your addresses, which only a mail archive needs; given with another source they
    are refused, as the command line refuses them, rather than dropped unread."""
    if source != "mbox":
        if any(value.strip() for value in me):
            raise InvalidInput(
                f"Only a mail archive (mbox) needs your addresses; leave them out for {source}.",
                field="me",
            )
        return []
    addresses = []
    for value in me:
        address = clean_email(value)
        if not address:
            raise InvalidInput(f"{value!r} is not an email address.", field="me")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InvalidInput(
            "Say which addresses are yours, to tell the mail you sent from the mail you received.",
            field="me",
        )
    return addresses


def _too_big(size: int) -> InvalidInput:
    limit = max_bytes()
    return InvalidInput(
        f"The file is {_megabytes(size)}; the limit is {_megabytes(limit)} "
        f"(RAPPORT_IMPORT_MAX_BYTES).",
        code="file_too_large",
        field="file",
    )


@transaction.atomic
def import_job_create(
    *,
    owner: Member,
    source: str,
    filename: str = "",
    upload: UploadedFile[bytes] | None = None,
    path: Path | None = None,
    me: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> ImportJob:
    """Record an import of ``upload`` (stored until the job ends) or of the file or
    folder at ``path`` (read in place); an upload's job is enqueued on commit."""
    if source not in IMPORTERS:
        raise InvalidInput(
            f"Unknown source {source!r}; choose one of {', '.join(IMPORTERS)}.", field="source"
        )
    addresses = _clean_me(source, me)
    if (upload is None) == (path is None):
        raise InvalidInput("Send one file.", field="file")
    stored = ""
    if upload is not None:
        if not upload.size:
            raise InvalidInput("The file is empty.", field="file")
        if upload.size > max_bytes():
            raise _too_big(upload.size)
        sending_lock("imports", member_id=owner.pk)
        # The time is read once the lock is held: read before, a send that waited would
        # not count one written meanwhile with a later time (sending_limits.py).
        now = now or timezone.now()
        _refuse_beyond_import_limits(owner=owner, now=now)
        upload_sweep(now=timezone.now())
        filename = filename or upload.name or "upload"
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in Path(filename).name)
        target = upload_folder() / f"{secrets.token_hex(8)}-{safe[-80:]}"
        with target.open("wb") as handle:
            for chunk in upload.chunks(CHUNK):
                handle.write(chunk)
        stored = str(target)
    else:
        assert path is not None
        if not path.exists():
            raise InvalidInput(f"There is no file or folder at {path}.", field="file")
        filename = filename or path.name
        stored = str(path.resolve())
    now = now or timezone.now()
    job = ImportJob.objects.create(
        owner=owner,
        source=source,
        filename=filename[:255],
        path=stored,
        uploaded=upload is not None,
        me=addresses,
        created_at=now,
        updated_at=now,
    )
    if upload is not None:
        from rapport.imports.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def _refuse_beyond_import_limits(*, owner: Member, now: dt.datetime) -> None:
    """Refuse an upload while another of the owner's waits or runs, or past the day's
    limit (``rapport.safety.sending_limits``): each holds a worker and a file on disk
    that everyone's imports share. Checked and written under the owner's lock, before
    the upload is stored (the caller holds ``sending_lock``)."""
    uploads = ImportJob.objects.filter(owner=owner, uploaded=True)
    # Those not ended in their row; one stalled or left queued too long has (states.py).
    unfinished = [
        job
        for job in uploads.exclude(state__in=IMPORT_GRAPH.terminal).order_by("created_at")
        if job.state_at(now) not in IMPORT_GRAPH.terminal
    ]
    if len(unfinished) >= IMPORTS_AT_ONCE:
        job = unfinished[0]
        raise Conflict(
            f"Your import of {job.filename} is still {IMPORT_GRAPH.labels[job.state].lower()}: "
            "one import at a time, so that everyone's imports get their turn. Upload this "
            "one once it has ended.",
            code="import_waiting",
            field="file",
        )
    refuse_beyond(IMPORTS_PER_DAY, uploads, now=now)


def read_source(source: str, path: Path, *, name: str) -> dict[str, bytes]:
    """The file's bytes by name; a LinkedIn ZIP or folder gives the CSV files it needs."""
    limit = max_bytes()
    try:
        if path.is_dir():
            if source != "linkedin":
                raise ImportFileError(file=name, line=None, reason="this is a folder, not a file.")
            files: dict[str, bytes] = {}
            for item in sorted(path.rglob("*")):
                if item.is_file() and linkedin_wants(item.name):
                    if item.stat().st_size > limit:
                        raise _too_big(item.stat().st_size)
                    files[str(item.relative_to(path))] = item.read_bytes()
            return files
        size = path.stat().st_size
        if size > limit:
            raise _too_big(size)
        if source == "linkedin" and (_starts_like_a_zip(path) or zipfile.is_zipfile(path)):
            return _unzip(path, name=name, limit=limit * ARCHIVE_EXPANSION)
        return {name: path.read_bytes()}
    except OSError as error:
        raise ImportFileError(
            file=name, line=None, reason=f"cannot be read ({error.strerror or error})."
        ) from None


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
"""How a ZIP archive begins: its first entry, an empty archive's end, a spanned one."""


def _starts_like_a_zip(path: Path) -> bool:
    """Whether the file begins as a ZIP does. ``zipfile.is_zipfile`` looks for the
    table of contents at the end, which a download cut short never reached: such a
    file is a damaged ZIP, not a CSV to be looked for LinkedIn's files in."""
    with path.open("rb") as handle:
        return handle.read(4) in ZIP_SIGNATURES


def _unzip(path: Path, *, name: str, limit: int) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError):
        raise ImportFileError(
            file=name,
            line=None,
            reason="this ZIP archive is damaged or cut short: the list of what it holds, "
            "at its end, is missing or unreadable. Download the export again.",
        ) from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and linkedin_wants(info.filename)
        ]
        if sum(info.file_size for info in members) > limit:
            raise ImportFileError(
                file=name,
                line=None,
                reason=f"the archive unpacks to more than {_megabytes(limit)}.",
            )
        files: dict[str, bytes] = {}
        for info in members:
            try:
                files[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise ImportFileError(
                    file=name,
                    line=None,
                    reason=f"this ZIP archive is damaged or cut short: {info.filename} cannot "
                    f"be unpacked ({error}). Download the export again.",
                ) from None
            except (NotImplementedError, RuntimeError) as error:
                # An encrypted entry, or a compression method Python does not read.
                raise ImportFileError(
                    file=name,
                    line=None,
                    reason=f"{info.filename} in this ZIP archive cannot be unpacked ({error}).",
                ) from None
        return files


class _TakenOver(Exception):
    """Another run of the same job has started it over: this one must write nothing."""


def _move(job: ImportJob, state: str, *, now: dt.datetime, **fields: Any) -> None:
    """Record the next step, only while this run still owns the job (its ``started_at``)."""
    job.graph.check(job.state, state)
    values = {"state": state, "updated_at": now, **fields}
    owned = ImportJob.objects.filter(pk=job.pk, state=job.state, started_at=job.started_at)
    if not owned.update(**values):
        raise _TakenOver
    for key, value in values.items():
        setattr(job, key, value)


def _claim(job: ImportJob, *, started: dt.datetime) -> None:
    """Start the job for this run: a queued one, or one left "reading" or "writing" by
    a run whose process died (RQ runs a task again when its worker is lost mid-task).
    The compare-and-set on state and ``started_at`` lets one run of two take it."""
    _move(job, "reading", now=started, started_at=started, done=0, total=0)


def _progress_writer(
    job: ImportJob, *, also: Callable[[int, int], None] | None
) -> Callable[[int, int], None]:
    """Commit ``done``/``total`` to the job at most every half second (and tell ``also``)."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        if also is not None:
            also(done, total)
        clock = time.monotonic()
        if clock - last[0] < PROGRESS_SECONDS and done < total:
            return
        last[0] = clock
        done = min(done, total)
        ImportJob.objects.filter(pk=job.pk, started_at=job.started_at).update(
            done=done, total=total, updated_at=timezone.now()
        )
        job.done, job.total = done, total

    return report


def import_job_run(
    *,
    job_id: int,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> ImportJob:
    """Read, match and write one job; returns it done or failed.

    Deliberately not one transaction: the progress and the "reading"/"writing" steps
    commit on their own so others can watch, and the keeper's rows are written in one
    transaction with the job's "done". A job done or failed is returned as it is; one
    left "reading" or "writing" by a run that died starts over. A run that another run
    took over stops, writes nothing and leaves the upload to it.
    """
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    if job.finished:
        return job
    started = timezone.now()
    now = now or started
    try:
        _claim(job, started=started)
    except _TakenOver:
        job.refresh_from_db()
        return job
    ended = True
    try:
        with collector_paused():
            _read_and_write(job, now=now, progress=progress)
    except _TakenOver:
        ended = False
        job.refresh_from_db()
    except RapportError as error:
        ended = _fail(job, error)
    except Exception:
        log.exception("import job %s failed", job.pk)
        ended = _fail(job, None)
    finally:
        if job.uploaded and ended:
            Path(job.path).unlink(missing_ok=True)
    return job


def _read_and_write(
    job: ImportJob,
    *,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None,
) -> None:
    files = read_source(job.source, Path(job.path), name=job.filename)
    hints = job.me or [job.owner.name or job.owner.username]
    importer = IMPORTERS[job.source](
        me=hints, progress=_progress_writer(job, also=progress), now=now, name=job.filename
    )
    parsed = importer.parse(files)
    del files, importer
    _move(job, "writing", now=timezone.now())
    with transaction.atomic():
        outcome = import_write(owner=job.owner, parsed=parsed, now=now)
        finished = timezone.now()
        _move(
            job,
            "done",
            now=finished,
            finished_at=finished,
            summary=outcome.summary(),
            done=job.total,
        )
        # A large import makes the first audit slow: compute it ahead of the visit.
        from rapport.audit.tasks import audit_prepare

        owner_id = job.owner_id
        transaction.on_commit(lambda: audit_prepare.enqueue(owner_id))


def _fail(job: ImportJob, error: RapportError | None) -> bool:
    """Record the failure; returns whether the job has ended, False when another run
    took it over (the job, and its upload, are that run's to end)."""
    body: dict[str, Any] = (
        error.as_dict()
        if error is not None
        else {"message": "The import stopped on an unexpected error."}
    )
    body["message"] = f"{body['message']} Nothing was imported."
    mine = job.started_at
    # What the database holds: a write that failed rolled back its "done".
    job.refresh_from_db(fields=["state", "started_at"])
    if job.started_at != mine:
        return False
    if job.finished:
        return True
    finished = timezone.now()
    try:
        _move(job, "failed", now=finished, finished_at=finished, error=body)
    except _TakenOver:
        return False
    return True
