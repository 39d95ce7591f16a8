"""Hearth: case management for child protection and appropriate care."""

__version__ = "0.1.0"
