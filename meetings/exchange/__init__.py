"""The meeting exchange format (`sscportal.meeting/2`, and /1 before it; docs/DESIGN.md).

An import either writes the whole meeting or nothing; every problem is reported with the
place in the file where it stands ("items[3] (item 4) papers[0].classification: ...").
`fields` reads, writes and names the file's fields, `importer` writes a meeting from a file,
`exporter` writes a file from a meeting, `people` does both for the people a meeting names
(format /2): their organisations and their standing in the committee, and `declarations`
for its items' declarations of interest (format /2). An import of format /1 behaves as it
always did: such a file names no people and carries no declarations.
"""

from .exporter import export_meeting
from .fields import FORMAT, FORMAT_1, FORMATS, MeetingFileError
from .importer import import_meeting, load_meeting_file

__all__ = [
    "FORMAT",
    "FORMATS",
    "FORMAT_1",
    "MeetingFileError",
    "export_meeting",
    "import_meeting",
    "load_meeting_file",
]
