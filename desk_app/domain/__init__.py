"""Pure rules of the desk: no Qt, no SQL. Shared by the desk and the central server."""
