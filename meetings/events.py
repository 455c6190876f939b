"""What happens to the meeting record that the apps above it act on.

Meetings must not import those apps (docs/ARCHITECTURE.md), so it announces the event and
they connect their receivers in their `AppConfig.ready`. Receivers run in the sender's
transaction: what they write commits or rolls back with it.
"""

from django.dispatch import Signal

# A paper was given a new version (its first, or a replacement). Sent with `paper` and
# `version` (the new PaperVersion), inside the upload's transaction.
paper_version_added = Signal()

# A version of a paper was withdrawn. Sent with `paper` and `number` (the version's).
paper_version_withdrawn = Signal()

# A signed-in reader opened a paper. Sent with `user` and `paper`.
paper_opened = Signal()
