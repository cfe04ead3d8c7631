"""What `rapport demo` seeds for photos: a portrait for some members, none for others.

No photo is downloaded (there is no network at run time, and no real face belongs in
a demo): each portrait is drawn here with Pillow, an abstract figure in colours that
follow from the member's username, so every run draws the same ones. They go through
``photo_set`` as an upload would, as PNG files: what the demo shows is what Rapport
makes of a real upload. The others keep their initials, so both are on show: Ana's
conversations, requests and connections list members with a portrait and without.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from PIL import Image, ImageDraw

from rapport.members.models import Member
from rapport.photos.services import photo_set

# Ana, Ben and Priya (the logins) and some of the people they know; everyone else
# shows their initials.
WITH_PORTRAITS = (
    "ana",
    "ben",
    "priya",
    "tomasz",
    "grace",
    "kwame",
    "fatima",
    "lena",
    "sofia",
    "marcus",
    "wei",
)
SIZE = 480

_BACKGROUNDS = ("#dbe9f6", "#f6e3d4", "#e2f0dc", "#efe0f3", "#f7efcf", "#d9eeee", "#f3dada")
_SKIN = ("#f1c9a5", "#e0ac85", "#c68863", "#a86b4a", "#8d5638", "#6b3f27", "#f5d6c1")
_HAIR = ("#2b1d14", "#4a3222", "#7a4b2a", "#b88a4a", "#d9b36c", "#1f1f24", "#8c8c8c")
_CLOTHES = ("#0b5cad", "#1a6b35", "#6b3fa0", "#8a4b08", "#1f5f6b", "#a3335a", "#3b4452")


def portrait_png(username: str) -> bytes:
    """An abstract head-and-shoulders portrait, as a PNG, the same every time for a name."""
    pick = hashlib.sha256(username.encode()).digest()
    background = _BACKGROUNDS[pick[0] % len(_BACKGROUNDS)]
    skin, hair = _SKIN[pick[1] % len(_SKIN)], _HAIR[pick[2] % len(_HAIR)]
    clothes, accent = _CLOTHES[pick[3] % len(_CLOTHES)], _CLOTHES[pick[4] % len(_CLOTHES)]
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    # Behind the figure: a few soft shapes, placed by the name.
    for n in range(3):
        x, y = pick[5 + n] * SIZE // 256, pick[8 + n] * SIZE // 256
        radius = 40 + pick[11 + n] % 70
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=accent, width=6)
    middle = SIZE // 2 + (pick[14] % 40) - 20
    # Shoulders and neck.
    draw.rounded_rectangle((middle - 170, 350, middle + 170, SIZE + 60), radius=120, fill=clothes)
    draw.rectangle((middle - 32, 280, middle + 32, 365), fill=skin)
    # Hair behind the head, the head, then the hair's front in one of three styles.
    style = pick[15] % 3
    if style == 0:  # long
        draw.rounded_rectangle((middle - 105, 110, middle + 105, 360), radius=90, fill=hair)
    draw.ellipse((middle - 85, 110, middle + 85, 320), fill=skin)
    if style == 1:  # short, parted
        draw.chord((middle - 92, 95, middle + 92, 260), 180, 360, fill=hair)
    else:
        draw.chord((middle - 90, 100, middle + 90, 250), 190, 350, fill=hair)
    # Eyes and a smile, kept simple: a figure, not a face.
    for side in (-1, 1):
        eye = middle + side * 34
        draw.ellipse((eye - 8, 205, eye + 8, 221), fill="#1b1f24")
    draw.arc((middle - 30, 235, middle + 30, 280), 20, 160, fill="#1b1f24", width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community exists."""
    for username in WITH_PORTRAITS:
        member = members.get(username)
        if member is not None:
            photo_set(member=member, data=portrait_png(username), now=now)
