"""Reporting: report dataclasses, the selectors that fill them, PDF rendering and stored documents.

``data`` and ``pdf`` are plain Python (no Django): selectors build a dataclass from the database,
``pdf`` turns it into bytes, ``services`` stores the result. See docs/architecture.md.
"""
