"""The web app's one table: how many times each member's home page has changed."""

from __future__ import annotations

from django.db import models


class HomeVersion(models.Model):
    """A count the database itself moves whenever something a member's home page
    shows is written (migration ``web.0001`` installs the triggers), so that the page
    can be kept between changes (``rapport.web.home_pages``).

    Written only by triggers, never by Python: a save through the ORM could write back a
    count read before a trigger moved it, and a page older than the count would be
    served again. ``member_id`` is deliberately not a foreign key: while a member is
    being deleted, the deletion of their connections and threads still moves their
    count, and a trigger on the member's own deletion removes the row afterwards.
    A member without a row has never changed: count 0.
    """

    member_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(version__gte=0), name="home_version_counts")
        ]

    def __str__(self) -> str:
        return f"member {self.member_id}'s home page, version {self.version}"
