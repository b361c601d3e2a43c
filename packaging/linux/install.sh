#!/bin/sh
# Installs Kooperation for the current user (no administrator rights needed):
#   the program to ~/.local/opt/kooperation, the command `kooperation` to ~/.local/bin,
#   the menu entry, the icon and the file type of project files (.kooperation).
# Run it from the unpacked folder: ./install.sh   Remove it again: ./install.sh --remove
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=$HOME/.local/opt/kooperation
bin=$HOME/.local/bin

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$target" "$bin/kooperation" "$data/applications/kooperation.desktop" \
    "$data/icons/hicolor/256x256/apps/kooperation.png" "$data/mime/packages/kooperation-mime.xml"
  update-mime-database "$data/mime" 2>/dev/null || true
  echo "Kooperation wurde entfernt (Ihre Projekte bleiben in $data/Kooperation)."
  exit 0
fi

mkdir -p "$target" "$bin" "$data/applications" "$data/icons/hicolor/256x256/apps" "$data/mime/packages"
rm -rf "$target"
cp -a "$here" "$target"
ln -sf "$target/kooperation" "$bin/kooperation"
sed "s|^Exec=kooperation|Exec=$target/kooperation|" "$here/kooperation.desktop" > "$data/applications/kooperation.desktop"
cp "$here/kooperation.png" "$data/icons/hicolor/256x256/apps/kooperation.png"
cp "$here/kooperation-mime.xml" "$data/mime/packages/kooperation-mime.xml"
update-mime-database "$data/mime" 2>/dev/null || true
update-desktop-database "$data/applications" 2>/dev/null || true
echo "Kooperation ist installiert: im Menü unter Büro, oder mit dem Befehl kooperation."
