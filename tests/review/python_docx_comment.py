"""A reviewer's comment, added with python-docx (PyPI `python-docx` 1.2).

Usage: python3 python_docx_comment.py IN.docx OUT.docx AUTHOR "TEXT IN THE PARAGRAPH" "COMMENT"

The comment is anchored to the runs of the first body paragraph holding the text.
"""

import sys

import docx


def main():
    source, target, author, needle, comment = sys.argv[1:6]
    document = docx.Document(source)
    for paragraph in document.paragraphs:
        if needle in paragraph.text and paragraph.runs:
            document.add_comment(
                paragraph.runs, text=comment, author=author, initials=author[:2]
            )
            break
    else:
        raise SystemExit(f"no paragraph holds {needle!r}")
    document.save(target)


if __name__ == "__main__":
    main()
