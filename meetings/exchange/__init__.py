"""The meeting exchange format (`sscportal.meeting/1`, docs/DESIGN.md): import and export.

An import either writes the whole meeting or nothing; every problem is reported with the
place in the file where it stands ("items[3] (item 4) papers[0].classification: ...").
`fields` reads and names the file's fields, `importer` writes a meeting from a file,
`exporter` writes a file from a meeting.
"""

from .exporter import export_meeting
from .fields import FORMAT, MeetingFileError
from .importer import import_meeting, load_meeting_file

__all__ = ["FORMAT", "MeetingFileError", "export_meeting", "import_meeting", "load_meeting_file"]
