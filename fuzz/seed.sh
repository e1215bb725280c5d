#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the shipped edition: the section files, the
# catalog files, the published text (as is, and laid out as pdftotext gives it), the
# paragraphs, and pairs of sections for diff. Idempotent; the corpora are not committed
# (fuzz/.gitignore), this script makes them again.
set -euo pipefail
cd "$(dirname "$0")"
root=..
for target in section catalog import import_pdf import_docx markup fix diff review_docx; do
  mkdir -p "corpus/$target"
done

# section, fix: every shipped section file.
for f in "$root"/drafts/fr/*.md; do
  cp "$f" corpus/section/
  cp "$f" corpus/fix/
done

# catalog: one selector byte (which file the input replaces), then the file.
i=0
for f in drafts/report.yaml schemas/domains.yaml schemas/proposals.yaml schemas/terminology.yaml; do
  out="corpus/catalog/$(basename "$f")"
  printf "\\x$(printf %02x "$i")" > "$out"
  cat "$root/$f" >> "$out"
  i=$((i + 1))
done

# import: the published text, and wrapped at 90 columns with a page break (blank line,
# page number, form feed, running header) every 45 lines, CRLF.
cp "$root/tests/fixtures/11-fr.txt" corpus/import/published.txt
fold -s -w 90 "$root/tests/fixtures/11-fr.txt" | awk '
  { printf "%s\r\n", $0 }
  NR % 45 == 0 { printf "\r\n%d\r\n\fRapport d'"'"'étape UE-OTAN 2026\r\n", NR / 45 }
' > corpus/import/pdftotext.txt

# markup: every paragraph of every section, one file each.
for f in "$root"/drafts/fr/*.md; do
  name=$(basename "$f" .md)
  awk 'BEGIN { front = 0 } /^---$/ { front++; next } front >= 2 && NF { print }' "$f" |
    awk -v dir=corpus/markup -v name="$name" '{ printf "%s", $0 > (dir "/" name "-" NR ".txt") }'
done

# diff: two section bodies, the old and the new, separated by a 0xFF byte.
body() { awk 'BEGIN { front = 0 } /^---$/ { front++; next } front >= 2 { print }' "$1"; }
files=("$root"/drafts/fr/*.md)
for ((k = 0; k + 1 < ${#files[@]}; k++)); do
  { body "${files[$k]}"; printf '\xff'; body "${files[$k + 1]}"; } > "corpus/diff/pair$k"
done
# The same section on both sides, one word changed.
{ body "$root/drafts/fr/03-resilience.md"; printf '\xff'; body "$root/drafts/fr/03-resilience.md" | sed '0,/productive/s//féconde/'; } > corpus/diff/one-word

# import_pdf, import_docx: the shipped edition's own documents, built by the tool (the
# PDF needs the PDF engine; LibreOffice's PDF of the Word file when soffice is there),
# and the small Typst-made PDF of the tests.
cp "$root"/tests/fixtures/import/*.pdf corpus/import_pdf/
bin="$root/target/debug/rapporteur"
if [ -x "$bin" ]; then
  work=$(mktemp -d)
  cp -r "$root/drafts" "$root/schemas" "$root/templates" "$work/"
  "$bin" -C "$work" build --format docx -o report.docx >/dev/null 2>&1 && cp "$work/report.docx" corpus/import_docx/
  "$bin" -C "$work" build --format pdf -o report.pdf >/dev/null 2>&1 && cp "$work/report.pdf" corpus/import_pdf/
  if command -v soffice >/dev/null && [ -f "$work/report.docx" ]; then
    (cd "$work" && soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir lo report.docx >/dev/null 2>&1) &&
      cp "$work/lo/report.pdf" corpus/import_pdf/libreoffice.pdf
  fi
  rm -rf "$work"
fi

# review_docx: the Word files of tests/fixtures/review/ (built, reviewed in LibreOffice,
# commented with python-docx, Word XML with moves and replies), and their parts joined
# by 0xFF bytes.
for f in "$root"/tests/fixtures/review/*.docx; do
  name=$(basename "$f" .docx)
  cp "$f" "corpus/review_docx/$name.docx"
  { unzip -p "$f" word/document.xml; printf '\xff'; unzip -p "$f" word/comments.xml 2>/dev/null || true;
    printf '\xff'; unzip -p "$f" word/commentsExtended.xml 2>/dev/null || true;
    printf '\xff'; unzip -p "$f" docProps/custom.xml 2>/dev/null || true; } > "corpus/review_docx/$name.parts"
done

for target in section catalog import import_pdf import_docx markup fix diff review_docx; do
  echo "$target: $(ls "corpus/$target" | wc -l) seeds"
done
