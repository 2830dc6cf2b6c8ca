#!/bin/sh
# The documents read well: no control characters (a form feed once took
# the place of every "\f" font escape in the man page), and every command
# of the command table is in the man page.
. "$top_srcdir/tests/tap.sh"
cd "$top_srcdir" || exit 99
for f in README ChangeLog doc/douane.1 doc/*.md data/demo/README.md; do
	bad=$(LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$f" | head -3)
	[ -z "$bad" ]; tap_result $? "$f has no control characters" "$bad"
done
missing=
for c in $(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", cmd_.*/\1/p' src/cli/commands.c); do
	grep -q "^\.B $c\b\|^\.B douane $c\b\|^\.BR $c\b\|fB$c\\\\fR" doc/douane.1 || missing="$missing $c"
done
[ -z "$missing" ]; tap_result $? "every command is in doc/douane.1" "missing:$missing"
tap_done
