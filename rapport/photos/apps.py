from django.apps import AppConfig


class PhotosConfig(AppConfig):
    """Profile photos: a member's face, so that members recognise one another. Kept in
    the database, never in a public folder: a photo is personal data, seen by whoever
    may see the profile it belongs to (``rapport.photos.selectors``)."""

    name = "rapport.photos"
    label = "photos"
