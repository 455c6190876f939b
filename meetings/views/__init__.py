"""Meetings' pages: `calendar` (the calendar and a meeting's page), `papers`, `agenda` (the
secretariat's builder) and `minutes` (the record, and its approval by the chair)."""
