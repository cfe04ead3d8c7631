"""Rapport: a self-hostable professional network that counts conversations, not connections."""
