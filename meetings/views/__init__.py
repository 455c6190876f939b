"""Meetings' pages: `calendar` (the calendar and a meeting's page), `papers`, `agenda` (the
secretariat's builder), `minutes` (the record) and `approval` (the chair's page of it)."""
