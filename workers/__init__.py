"""RQ jobs at the edge of the system: they alone talk to the outside world."""
