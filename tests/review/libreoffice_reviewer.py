"""A reviewer in LibreOffice: opens a Word file headless, switches Track Changes on,
makes the edits it is told, and saves in Word's format ("MS Word 2007 XML").

Usage: python3 libreoffice_reviewer.py IN.docx OUT.docx EDITS.json PROFILE_DIR

EDITS.json is a list of edits, each on the first occurrence of `find` in the body:
  {"replace": "word", "with": "other"}   a word (or any text) replaced
  {"delete": "a phrase"}                 text deleted
  {"append_after": "text", "text": " A new sentence."}  text added after `text`
`"track": false` on an edit makes it without Track Changes (as a reviewer who forgot).

Driven through LibreOffice's Python bridge (Debian's python3-uno): the office is
started with a private profile and a pipe, and stopped at the end.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.time() + 120
    while True:
        try:
            return resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
        except Exception:
            if office.poll() is not None or time.time() > deadline:
                raise
            time.sleep(0.5)


def find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    search.SearchCaseSensitive = True
    found = doc.findFirst(search)
    if found is None:
        raise SystemExit(f"not found in the document: {text!r}")
    return found


def main():
    source, target, edits_path, profile = sys.argv[1:5]
    edits = json.load(open(edits_path, encoding="utf-8"))
    pipe = f"rapporteur_review_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{os.path.abspath(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = connect(pipe, office)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        url = uno.systemPathToFileUrl(os.path.abspath(source))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        # The reviewer's name, as LibreOffice records it on each change.
        settings = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", context
        )
        access = settings.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        access.setPropertyValue("givenname", "Relecteur")
        access.setPropertyValue("sn", "LibreOffice")
        access.commitChanges()
        text = doc.getText()
        for edit in edits:
            doc.RecordChanges = edit.get("track", True)
            if "replace" in edit:
                find(doc, edit["replace"]).setString(edit["with"])
            elif "delete" in edit:
                find(doc, edit["delete"]).setString("")
            elif "append_after" in edit:
                end = find(doc, edit["append_after"]).getEnd()
                text.insertString(end, edit["text"], False)
            else:
                raise SystemExit(f"unknown edit: {edit}")
        doc.RecordChanges = True
        out = uno.systemPathToFileUrl(os.path.abspath(target))
        doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            # The bridge goes away as the office stops.
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
