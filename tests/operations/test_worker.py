"""The worker really runs queued tasks from the database queue."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from rapport.network.models import ConnectionRequest
from rapport.network.tasks import expire_connection_requests


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_worker_expires_requests_queued_in_the_database(database_queue, make_member, send_request):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        request = send_request(ana, ben)
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        result = expire_connection_requests.enqueue()
        assert ConnectionRequest.objects.get(pk=request.pk).state == "pending"
        call_command("worker", "--batch", "--no-schedule", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert ConnectionRequest.objects.get(pk=request.pk).state == "expired"
