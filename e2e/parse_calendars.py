"""Reads .ics files with Python's icalendar and vobject (Debian's python3-icalendar and
python3-vobject) and prints, per file, what each library understood, as JSON."""
import json
import sys

import icalendar
import vobject

out = []
for path in sys.argv[1:]:
    data = open(path, encoding="utf-8").read()
    cal = icalendar.Calendar.from_ical(data)
    event = next(c for c in cal.walk() if c.name == "VEVENT")
    v = vobject.readOne(data)
    vevent = v.vevent
    out.append(
        {
            "file": path,
            "icalendar": {
                "method": str(cal.get("METHOD")),
                "uid": str(event.get("UID")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": str(event.get("STATUS")),
                "start": event.decoded("DTSTART").isoformat(),
                "tzid": event["DTSTART"].params.get("TZID"),
                "attendees": [str(a) for a in event.get("ATTENDEE", [])],
            },
            "vobject": {
                "method": v.method.value if hasattr(v, "method") else None,
                "uid": vevent.uid.value,
                "sequence": int(vevent.sequence.value) if hasattr(vevent, "sequence") else 0,
                "status": vevent.status.value if hasattr(vevent, "status") else None,
                "start": vevent.dtstart.value.isoformat(),
            },
        }
    )
print(json.dumps(out))
