"""One importer per source, each a small class on ``base.Importer``."""

from __future__ import annotations

from rapport.imports.parsers.base import Importer
from rapport.imports.parsers.contacts_csv import ContactsCsvImporter
from rapport.imports.parsers.linkedin import LinkedInImporter
from rapport.imports.parsers.mbox import MboxImporter
from rapport.imports.parsers.vcard import VCardImporter

IMPORTERS: dict[str, type[Importer]] = {
    importer.source: importer
    for importer in (LinkedInImporter, VCardImporter, ContactsCsvImporter, MboxImporter)
}
SOURCES = tuple(IMPORTERS)
