"""Signals of the dossiers app for the apps above it."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk write made under core.kept_counts.counted_set_wise(), with
# `connection` and `rows`: an SQL query giving the new dossiers' rows. reports adds their counts.
written_set_wise = Signal()
