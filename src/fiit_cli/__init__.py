"""fiit: the IOM FIIT toolkit (2013) at a practitioner's fingertips."""

__version__ = "0.1.0"
