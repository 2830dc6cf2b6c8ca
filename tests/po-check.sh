#!/bin/sh
# Every user-visible string is translated: extract the strings from the files
# in po/POTFILES.in, merge them into each catalogue in po/LINGUAS, and fail on
# any untranslated or fuzzy entry.  Also fail when a file that marks strings
# for translation is missing from POTFILES.in.
. "$top_srcdir/tests/tap.sh"
cd "$top_srcdir" || exit 99
if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then
	echo "1..0 # SKIP gettext tools not installed"
	exit 0
fi
files=$(grep -v '^#' po/POTFILES.in | grep .)
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 \
	--add-comments=L10N: -o "$T/douane.pot" $files 2>"$T/xgettext.err"
tap_result $? "xgettext extracts the strings" "$(cat "$T/xgettext.err")"

missing=
for f in $(grep -rlE '\b(_|N_|P_)\("' src --include='*.c' | sort); do
	grep -qx "$f" po/POTFILES.in || missing="$missing $f"
done
[ -z "$missing" ]; tap_result $? "every file with translatable strings is in POTFILES.in" "$missing"

for lang in $(cat po/LINGUAS); do
	msgmerge --quiet --no-fuzzy-matching -o "$T/$lang.po" "po/$lang.po" "$T/douane.pot" 2>"$T/err"
	stats=$(msgfmt --check --statistics -o /dev/null "$T/$lang.po" 2>&1)
	case $stats in
	*untranslated*|*fuzzy*|*error*) bad=1;;
	*) bad=0;;
	esac
	detail=$stats
	if [ $bad -ne 0 ]; then
		detail="$stats
$(msgattrib --untranslated --only-fuzzy "$T/$lang.po" 2>/dev/null | grep '^msgid' | head -5)
$(msgattrib --untranslated "$T/$lang.po" 2>/dev/null | grep '^msgid' | head -10)"
	fi
	tap_result $bad "po/$lang.po is complete ($stats)" "$detail"
done
tap_done
