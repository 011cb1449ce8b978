#!/bin/sh
# Every message the sources mark for translation (_(), N_(), NC_()) has a
# translation in every po/LANG.po, none of them fuzzy (SPEC §12):
#
#   tests/po-complete.sh SRCDIR
#
# Fails naming the messages a catalogue lacks. A new _() string makes it
# fail until its translation is added (`make pot`, then msgmerge and edit).
set -eu
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outlay-po-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NC_:1c,2 --keyword=P_:1,2 \
    -o "$tmp/outlay.pot" "$src"/src/*.c
n=0
for po in "$src"/po/*.po; do
    n=$((n + 1))
    lang=$(basename "$po" .po)
    msgmerge -q --no-fuzzy-matching "$po" "$tmp/outlay.pot" -o "$tmp/$lang.po"
    msgfmt --check -o "$tmp/$lang.mo" "$tmp/$lang.po"
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" -o "$tmp/$lang.missing"
    msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" -o "$tmp/$lang.fuzzy"
    for kind in missing fuzzy; do
        if [ -s "$tmp/$lang.$kind" ] && grep -q '^msgid "[^"]' "$tmp/$lang.$kind"; then
            echo "po/$lang.po: $kind translations for:" >&2
            grep -A1 '^msgid' "$tmp/$lang.$kind" | grep -v '^--' | sed -n '3,$p' >&2
            exit 1
        fi
    done
    echo "po/$lang.po: $(msgfmt --statistics -o "$tmp/$lang.mo" "$tmp/$lang.po" 2>&1)"
done
[ "$n" -gt 0 ] || { echo "no po/*.po" >&2; exit 1; }
