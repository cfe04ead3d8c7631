"""Background work for the network, run by `rapport worker`."""

from django_tasks import task

from rapport.network.services import connection_requests_expire


@task()
def expire_connection_requests() -> int:
    return connection_requests_expire()
