#!/usr/bin/env bash
# Packs a built rapporteur binary for a GitHub release: `archives/rapporteur-VERSION-TARGET`
# as .tar.gz (.zip for Windows) with the README and the licences, and its SHA-256
# checksum beside it (`sha256sum --check` reads it). Used by tool-release.yml.
#
# Usage: archive-binary.sh PATH/TO/rapporteur[.exe] TARGET-TRIPLE
set -euo pipefail
binary="$1"
target="$2"
[ -f "${binary}" ] || { echo "no binary at ${binary}" >&2; exit 1; }
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
name="rapporteur-${version}-${target}"
case "${target}" in *windows*) program=rapporteur.exe ;; *) program=rapporteur ;; esac
mkdir -p "archives/${name}"
cp "${binary}" "archives/${name}/${program}"
cp README.md LICENSE-MIT LICENSE-APACHE "archives/${name}/"
cd archives
case "${target}" in
  *windows*)
    archive="${name}.zip"
    7z a -tzip -bd "${archive}" "${name}" >/dev/null
    ;;
  *)
    archive="${name}.tar.gz"
    # Fixed owner, order and times: the same binary gives the same archive.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -czf "${archive}" "${name}" 2>/dev/null \
      || tar -czf "${archive}" "${name}"
    ;;
esac
rm -rf "${name}"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "${archive}" > "${archive}.sha256"
else
  shasum -a 256 "${archive}" > "${archive}.sha256"
fi
cat "${archive}.sha256"
