"""The test suite: one folder per app, and `system/` for what spans them."""

from pathlib import Path

# The project's folder, whichever folder of the suite a test lives in.
ROOT = Path(__file__).resolve().parent.parent
