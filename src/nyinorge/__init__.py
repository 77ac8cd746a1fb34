"""nyinorge: settlement and integration platform for the directorate and the municipalities."""

__version__ = "0.1.0"
