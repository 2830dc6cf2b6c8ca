#!/bin/sh
# End-to-end tests of the douane command: options, exit codes, import and
# queue round trips.  Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
D="$DOUANE"
V="$T/booth.vault"
M="$top_srcdir/tests/data/manifests"

# --- options and usage ------------------------------------------------------
tap_check "--version names douane" sh -c "'$D' --version | grep -q '^douane [0-9]'"
tap_check "--help lists the commands" sh -c "'$D' --help | grep -q 'import' && '$D' --help | grep -q 'queue'"
tap_status 64 "unknown command is a usage error" "$D" frobnicate
tap_status 64 "unknown option is a usage error" "$D" --frobnicate
tap_status 64 "import with no file is a usage error" "$D" --vault "$V" import manifest
tap_status 64 "import of an unknown kind is a usage error" "$D" --vault "$V" import recipe x
tap_status 64 "queue with a bad format is a usage error" "$D" --vault "$V" queue --format yaml
tap_status 64 "queue with a bad limit is a usage error" "$D" --vault "$V" queue --limit -3
tap_check "import --help" sh -c "'$D' import --help | grep -q 'Usage: douane'"

# --- missing input ----------------------------------------------------------
tap_status 66 "queue on a missing vault: 66" "$D" --vault "$T/none.vault" queue
tap_check "a missing vault is not created by reading it" test ! -e "$T/none.vault"
tap_status 66 "import of a missing file: 66" "$D" --vault "$V" import manifest "$T/nope.xml"
out=$("$D" --vault "$V" import manifest "$T/nope.xml" 2>&1)
case $out in *"$T/nope.xml"*) tap_result 0 "the missing file is named";;
	*) tap_result 1 "the missing file is named" "$out";; esac

# --- import and queue round trip ------------------------------------------
tap_check "import good.xml" "$D" --vault "$V" -q import manifest "$M/good.xml"
n=$("$D" --vault "$V" queue --format csv | tail -n +2 | wc -l)
want=$(grep -cE '<(consignment|traveller|vehicle) ' "$M/good.xml")
[ "$n" -eq "$want" ] && [ "$n" -gt 0 ]; tap_result $? "queue lists every subject ($n of $want)"
out=$("$D" --vault "$V" import manifest "$M/good.xml" 2>&1)
case $out in *"already imported"*) tap_result 0 "importing again changes nothing";;
	*) tap_result 1 "importing again changes nothing" "$out";; esac
n2=$("$D" --vault "$V" queue --format csv | tail -n +2 | wc -l)
[ "$n2" -eq "$n" ]; tap_result $? "the queue is unchanged after a second import"

"$D" --vault "$V" queue --format json > q.json
[ "$(jq length q.json)" -eq "$n" ]; tap_result $? "queue --format json is valid JSON with every subject"
tap_check "queue --limit 2 prints two rows" sh -c "[ \$('$D' --vault '$V' queue --limit 2 | wc -l) -eq 2 ]"
tap_check "queue --kind traveller prints only travellers" sh -c \
	"'$D' --vault '$V' queue --format csv --kind traveller | tail -n +2 | cut -d, -f4 | sort -u | grep -qx traveller"

# A bad file fails with 65, names file and line, and leaves the vault as it was.
before=$("$D" --vault "$V" queue --format csv | md5sum)
for bad in "$M"/malformed.xml "$M"/wrong-root.xml "$M"/missing-field.xml "$M"/bad-hs.xml \
	"$M"/bad-country.xml "$M"/truncated.xml "$M"/xxe.xml "$M"/billion-laughs.xml "$M"/bad-utf8.xml \
	"$M"/duplicate-ref.xml; do
	name=$(basename "$bad")
	out=$("$D" --vault "$V" import manifest "$bad" 2>&1); rc=$?
	case $out in *"$name:"[0-9]*) named=0;; *) named=1;; esac
	[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "$name: exit 65 with file:line (got $rc)" "$out"
done
after=$("$D" --vault "$V" queue --format csv | md5sum)
[ "$before" = "$after" ]; tap_result $? "bad files left the vault unchanged"

# --- demo -------------------------------------------------------------------
tap_check "demo --no-ui builds a demo vault" "$D" demo --no-ui "$T/demo"
tap_check "the demo queue has subjects" sh -c "[ \$('$D' --vault '$T/demo/booth.vault' queue | wc -l) -gt 1000 ]"
tap_check "demo again reuses the vault" "$D" -q demo --no-ui "$T/demo"

tap_done
