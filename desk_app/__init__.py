"""Station Desk (代表工作站接待台): the reception desk of a deputy work station."""

__version__ = "0.1.0"
