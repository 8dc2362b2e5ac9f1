#!/bin/sh
# Contact sheets of every page of every PDF of a build, one sheet per referential version, one row
# per document: docs/screenshots/pages-<label>-<id>-<version>.png.
# Needs pdftoppm (poppler-utils) and ImageMagick. Usage: contact-sheets.sh BUILD_DIR LABEL
set -eu
build=$1; label=$2; here=$(dirname "$0")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$build"/*/*/; do
  rel=${dir#"$build"/}; rel=${rel%/}; rows=""
  for pdf in "$dir"*.pdf; do
    n=$(basename "$pdf" .pdf)
    pdftoppm -r 18 -gray -png "$pdf" "$tmp/$n"
    montage "$tmp/$n"-*.png -tile 12x -geometry +2+2 -background '#aaa' "$tmp/row-$n.png"
    convert "$tmp/row-$n.png" -background white -gravity north -splice 0x20 \
      -gravity northwest -pointsize 15 -annotate +4+2 "$n" "$tmp/labelled-$n.png"
    rm "$tmp/$n"-*.png "$tmp/row-$n.png"
    rows="$rows $tmp/labelled-$n.png"
  done
  # shellcheck disable=SC2086 # one file per word
  convert $rows -background white -gravity northwest -append -colors 16 -strip \
    "PNG8:$here/pages-$label-$(echo "$rel" | tr / -).png"
  rm "$tmp"/labelled-*.png
done
