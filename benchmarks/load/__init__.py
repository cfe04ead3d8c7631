"""The load benchmark: gunicorn on loopback, wrk in a second process (see run.py)."""
