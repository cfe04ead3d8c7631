"""How the site writes dates and times where Django writes them itself (the admin's
lists and pages): as the rest of the site does, "3 Dec 2026, 11:38 UTC", not Django's
English "Dec. 3, 2026, 11:38 a.m." (``FORMAT_MODULE_PATH``)."""
