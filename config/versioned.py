"""The one versioned-model base: a counter bumped on every change and the ETag built from it."""

from __future__ import annotations

from django.db import models


class VersionedModel(models.Model):
    """A record edited by several people at once, guarded by `version` in ETag / If-Match."""

    # Counted up on every change, so a write made against an older read can be refused (412).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version, `"<pk>-<version>"`."""
        return f'"{self.pk}-{self.version}"'

    def version_bump(self) -> None:
        """Count the version up for the change about to be saved, so older ETags go stale."""
        self.version += 1
