"""newsarchive: a static site generator for a regional development news archive."""

__version__ = "0.1.0"
