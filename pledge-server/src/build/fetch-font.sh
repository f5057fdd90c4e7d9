#!/usr/bin/env bash
# Fetches, at build time, the CJK-capable font the built-in editor draws text with: Noto Sans SC
# (regular, every glyph of the "all" subset: Chinese, Latin and more) as WOFF, from the npm package
# @openfonts/noto-sans-sc_all, through npm itself. The font is under the SIL Open Font License 1.1
# (Google, Adobe); the package's own files are MIT. Nothing is fetched at run time.
#
# Usage: fetch-font.sh DEST_DIR      (Maven runs it in generate-resources)
# The file is cached in ${PLEDGE_BUILD_CACHE:-~/.cache/pledge-build}, so only the first build
# downloads the package (92 MB; 6 MB of it are kept).
set -euo pipefail
dest="$1"
package="@openfonts/noto-sans-sc_all"
version="1.44.1"
file="noto-sans-sc-all-400.woff"
sha256="1c1e8136d03758ce881ca9004151a624082cf33cf1775da54411704747aaaf7a"
cache="${PLEDGE_BUILD_CACHE:-$HOME/.cache/pledge-build}/noto-sans-sc_all-$version"

check() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha256" ]; }

if ! check "$cache/$file"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-font: npm is needed once to fetch the editor's font (apt-get install -y npm)" >&2
    exit 2
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "fetch-font: fetching $package@$version with npm (first build only) ..." >&2
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" "package/files/$file"
  if ! check "$work/package/files/$file"; then
    echo "fetch-font: $file from $package@$version does not have the expected SHA-256" >&2
    exit 1
  fi
  mkdir -p "$cache"
  mv "$work/package/files/$file" "$cache/$file.part"
  mv "$cache/$file.part" "$cache/$file"
fi
mkdir -p "$dest/fonts"
cp "$cache/$file" "$dest/fonts/NotoSansSC-Regular.woff"
cat > "$dest/fonts/NOTICE.txt" <<NOTICE
NotoSansSC-Regular.woff: Noto Sans SC, regular (400), every glyph of Google Fonts' "all" subset,
from the npm package $package $version (packaging MIT, Copyright (c) 2019 Jan Bednar).
The font is Copyright 2014-2021 Adobe (http://www.adobe.com/) and Google, and is licensed under the
SIL Open Font License, Version 1.1 (https://openfontlicense.org); the licence text is also in the
font's own name table (name IDs 13 and 14). Reserved Font Name: none declared by the subset.
NOTICE
