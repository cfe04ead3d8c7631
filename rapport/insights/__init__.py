"""Relationship science as plain functions: plain data in, plain data out, no Django.

Kept free of Django so each function can be tested and benchmarked alone, and run
by workers or other tools.
"""
