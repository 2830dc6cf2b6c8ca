#!/bin/sh
# End-to-end tests of the douane command: options, exit codes, import and
# queue round trips.  Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
D="$DOUANE"
V="$T/booth.vault"
M="$top_srcdir/tests/data/manifests"
printf 'correct horse battery\n' >"$T/pass"
printf 'wrong horse battery\n' >"$T/wrong"
printf 'inspector passphrase\n' >"$T/pass-insp"
# douane on the test vault as agent1 (an admin), passphrase from fd 3.
dv() { "$D" --vault "$V" --user agent1 --passphrase-fd 3 "$@" 3<"$T/pass"; }

tap_check "init --user creates a vault with its first user" \
	"$D" --vault "$V" --passphrase-fd 3 init --user agent1 --kdf min 3<"$T/pass"

# --- options and usage ------------------------------------------------------
tap_check "--version names douane" sh -c "'$D' --version | grep -q '^douane [0-9]'"
tap_check "--help lists the commands" sh -c "'$D' --help | grep -q 'import' && '$D' --help | grep -q 'queue'"
tap_status 64 "unknown command is a usage error" "$D" frobnicate
tap_status 64 "unknown option is a usage error" "$D" --frobnicate
tap_status 64 "import with no file is a usage error" dv import manifest
tap_status 64 "import of an unknown kind is a usage error" dv import recipe x
tap_status 64 "queue with a bad format is a usage error" dv queue --format yaml
tap_status 64 "queue with a bad limit is a usage error" dv queue --limit -3
tap_check "import --help" sh -c "'$D' import --help | grep -q 'Usage: douane'"

# --- missing input ----------------------------------------------------------
tap_status 66 "queue on a missing vault: 66" "$D" --vault "$T/none.vault" --user agent1 queue
tap_check "a missing vault is not created by reading it" test ! -e "$T/none.vault"
tap_status 66 "import of a missing file: 66" dv import manifest "$T/nope.xml"
out=$(dv import manifest "$T/nope.xml" 2>&1)
case $out in *"$T/nope.xml"*) tap_result 0 "the missing file is named";;
	*) tap_result 1 "the missing file is named" "$out";; esac

# --- import and queue round trip ------------------------------------------
tap_check "import good.xml" dv -q import manifest "$M/good.xml"
n=$(dv queue --format csv | tail -n +2 | wc -l)
want=$(grep -cE '<(consignment|traveller|vehicle) ' "$M/good.xml")
[ "$n" -eq "$want" ] && [ "$n" -gt 0 ]; tap_result $? "queue lists every subject ($n of $want)"
out=$(dv import manifest "$M/good.xml" 2>&1)
case $out in *"already imported"*) tap_result 0 "importing again changes nothing";;
	*) tap_result 1 "importing again changes nothing" "$out";; esac
n2=$(dv queue --format csv | tail -n +2 | wc -l)
[ "$n2" -eq "$n" ]; tap_result $? "the queue is unchanged after a second import"

dv queue --format json > q.json
[ "$(jq length q.json)" -eq "$n" ]; tap_result $? "queue --format json is valid JSON with every subject"
[ "$(dv queue --limit 2 | wc -l)" -eq 2 ]; tap_result $? "queue --limit 2 prints two rows"
kinds=$(dv queue --format csv --kind traveller | tail -n +2 | cut -d, -f4 | sort -u)
[ "$kinds" = traveller ]; tap_result $? "queue --kind traveller prints only travellers" "$kinds"

# A bad file fails with 65, names file and line, and leaves the vault as it was.
before=$(dv queue --format csv | md5sum)
for bad in "$M"/malformed.xml "$M"/wrong-root.xml "$M"/missing-field.xml "$M"/bad-hs.xml \
	"$M"/bad-country.xml "$M"/truncated.xml "$M"/xxe.xml "$M"/billion-laughs.xml "$M"/bad-utf8.xml \
	"$M"/duplicate-ref.xml; do
	name=$(basename "$bad")
	out=$(dv import manifest "$bad" 2>&1); rc=$?
	case $out in *"$name:"[0-9]*) named=0;; *) named=1;; esac
	[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "$name: exit 65 with file:line (got $rc)" "$out"
done
after=$(dv queue --format csv | md5sum)
[ "$before" = "$after" ]; tap_result $? "bad files left the vault unchanged"

# --- the vault ------------------------------------------------------------
sum() { cat "$V" "$V-wal" 2>/dev/null | md5sum; }
before=$(sum)
tap_status 77 "a wrong passphrase: 77" "$D" --vault "$V" --user agent1 --passphrase-fd 3 queue 3<"$T/wrong"
tap_status 77 "an unknown user: 77" "$D" --vault "$V" --user nobody --passphrase-fd 3 queue 3<"$T/pass"
out=$(dv queue 2>&1 >/dev/null)
case $out in *"failed attempt"*) tap_result 0 "the next unlock is told of the failed attempts";;
	*) tap_result 1 "the next unlock is told of the failed attempts" "$out";; esac
[ "$(sum)" = "$before" ]; tap_result $? "failed unlocks changed no data"
tap_status 64 "no terminal and no --passphrase-fd: usage error" sh -c "'$D' --vault '$V' --user agent1 queue </dev/null"
tap_status 64 "--passphrase-fd needs a number" "$D" --vault "$V" --user agent1 --passphrase-fd x queue
tap_status 64 "init over an existing vault is refused" dv init
tap_status 64 "init without --user is a usage error" "$D" --vault "$T/other.vault" --passphrase-fd 3 init 3<"$T/pass"

# Nothing readable on disk: names from the manifest appear in no file.
# The names are checked to be in the manifest, so the search can fail.
for marker in "Dupont Import SARL" "Иван Петров"; do
	grep -q "$marker" "$M/good.xml" && ! grep -qa "$marker" "$V" "$V-wal" "$V-shm" 2>/dev/null
	tap_result $? "the vault files hold no plaintext ('$marker')"
done
! grep -qa "$(printf 'correct horse')" "$V" "$V-wal" "$V-shm" 2>/dev/null
tap_result $? "nor the passphrase"

# Users and roles.  With --passphrase-fd, the unlock passphrase is the
# first line and a new passphrase the next.
cat "$T/pass" "$T/pass-insp" >"$T/pass-add"
tap_check "an admin adds an inspector" \
	"$D" --vault "$V" --user agent1 --passphrase-fd 3 user add inspector1 --role inspector --kdf min 3<"$T/pass-add"
list=$(dv user list)
printf '%s\n' "$list" | grep -qE '^inspector1 +inspector +active'
tap_result $? "user list shows the inspector and its role" "$list"
tap_check "the inspector unlocks with their own passphrase" \
	"$D" --vault "$V" --user inspector1 --passphrase-fd 3 queue --limit 1 3<"$T/pass-insp"
cat "$T/pass-insp" "$T/pass" >"$T/pass-add2"
tap_status 77 "an inspector may not add users" \
	"$D" --vault "$V" --user inspector1 --passphrase-fd 3 user add x --role admin --kdf min 3<"$T/pass-add2"
tap_status 64 "user add needs a role" dv user add someone
tap_status 64 "an unknown role is a usage error" dv user add someone --role king
printf 'a new inspector passphrase\n' >"$T/pass-insp2"
cat "$T/pass-insp" "$T/pass-insp2" >"$T/pass-chg"
tap_check "an inspector changes their own passphrase" \
	"$D" --vault "$V" --user inspector1 --passphrase-fd 3 user passwd --kdf min 3<"$T/pass-chg"
tap_status 77 "the old passphrase no longer opens" \
	"$D" --vault "$V" --user inspector1 --passphrase-fd 3 queue 3<"$T/pass-insp"
tap_check "the new one does" "$D" --vault "$V" --user inspector1 --passphrase-fd 3 queue --limit 1 3<"$T/pass-insp2"
tap_check "an admin disables the inspector" dv user disable inspector1
tap_status 77 "a disabled user cannot unlock" \
	"$D" --vault "$V" --user inspector1 --passphrase-fd 3 queue 3<"$T/pass-insp2"
tap_check "an admin removes the inspector (the key rotates)" dv user remove inspector1
! dv user list | grep -q inspector1; tap_result $? "the removed user is gone from the list"
n3=$(dv queue --format csv | tail -n +2 | wc -l)
[ "$n3" -eq "$n" ]; tap_result $? "after the rotation every subject is still there ($n3)"

# verify, and a vault altered on disk.
tap_check "verify passes on an intact vault" dv verify
cp "$V" "$T/altered.vault"
size=$(stat -c %s "$T/altered.vault")
off=$(( 32768 + (size - 32768) / 4096 / 2 * 4096 + 100 ))
# Invert the byte (writing a fixed value would change nothing one time in 256).
byte=$(od -An -tu1 -j $off -N1 "$T/altered.vault" | tr -d ' ')
printf "\\$(printf %03o $((255 - byte)))" | dd of="$T/altered.vault" bs=1 seek=$off conv=notrunc 2>/dev/null
cmp -s "$V" "$T/altered.vault"; [ $? -eq 1 ]; tap_result $? "the copy differs by one byte at $off"
out=$("$D" --vault "$T/altered.vault" --user agent1 --passphrase-fd 3 verify 3<"$T/pass" 2>&1); rc=$?
case $out in *"vault damaged or altered: page "[0-9]*) named=0;; *) named=1;; esac
[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "verify on an altered vault: 65, naming the page (exit $rc)" "$out"
printf 'not a vault at all' >"$T/junk.vault"
tap_status 65 "a file that is not a vault: 65" "$D" --vault "$T/junk.vault" --user agent1 --passphrase-fd 3 queue 3<"$T/pass"
# --- demo -------------------------------------------------------------------
tap_check "demo --no-ui builds a demo vault" "$D" -q demo --no-ui --kdf min "$T/demo"
printf 'inspector-demo\n' >"$T/pass-demo"
[ "$("$D" --vault "$T/demo/booth.vault" --user inspector --passphrase-fd 3 queue 3<"$T/pass-demo" | wc -l)" -gt 1000 ]
tap_result $? "the demo inspector sees the demo queue"
dq() { "$D" --vault "$T/demo/booth.vault" --user inspector --passphrase-fd 3 "$@" 3<"$T/pass-demo"; }
dq lists | grep -q DEMO-NAT; tap_result $? "the demo loads its watchlist"
out=$(dq screen --hits TR-0000022)
case $out in *"VASILYEVA, Irina"*) r=0;; *) r=1;; esac
tap_result $r "the demo screens its travellers: Ирина Васильева hits VASILYEVA, Irina" "$out"
dq queue --format csv | grep -q '^red,[0-9]*,TR-0000022,'; tap_result $? "and the hit puts her in the red lane"
# Table cells are cut and padded by display width: the route column starts
# at the same column on a Cyrillic row as on a Latin one.
cyr=$(dq queue --limit 400 | grep " TR-0000022 " | sed 's/>.*//' | wc -m)
lat=$(dq queue --limit 400 | grep " CN-0000004 " | sed 's/>.*//' | wc -m)
[ -n "$cyr" ] && [ "$cyr" = "$lat" ]; tap_result $? "queue columns line up across scripts ($cyr, $lat characters before the route)"
tap_check "demo again reuses the vault" "$D" -q demo --no-ui "$T/demo"

# --- the summary and the progress bar ------------------------------------
# A vault of its own, so the counts above stay as they are.
V2="$T/summary.vault"
d2() { "$D" --vault "$V2" --user agent1 --passphrase-fd 3 "$@" 3<"$T/pass"; }
"$D" --vault "$V2" --passphrase-fd 3 -q init --user agent1 --kdf min 3<"$T/pass"
out=$(d2 import manifest "$M/good2.xml" 2>"$T/err"); rc=$?
[ $rc -eq 0 ] && [ "$out" = "$M/good2.xml: douane-manifest-1: 1 read, 1 stored, 0 skipped, 0 findings" ] &&
	[ ! -s "$T/err" ]
tap_result $? "the summary: read, stored, skipped, findings; no progress bar off a terminal" \
	"$out / $(cat "$T/err")"
out=$(d2 import manifest "$M/iata/888-11111111_XFWB_noModeCode.xml" 2>&1)
case $out in *"iata-xfwb-3: 1 read, 1 stored, 0 skipped, "[1-9]*" findings") ok=0;; *) ok=1;; esac
tap_result $ok "the summary counts the data-quality findings" "$out"
[ -z "$(d2 import -q manifest "$M/wco/TT_IM003a.xml" 2>&1)" ]
tap_result $? "--quiet: no summary" 
# On a terminal (script(1) gives the command one), a bar on stderr.
if command -v script >/dev/null 2>&1; then
	run_tty() { script -qec "'$D' --vault '$V2' --user agent1 --passphrase-fd 3 $* 3<'$T/pass'" /dev/null; }
	out=$(run_tty import manifest "'$M/wco/TT_IM006a.xml'" | tr '\r' '\n')
	case $out in *"TT_IM006a.xml"*"[##############################] 100%"*"1 read, 1 stored"*) ok=0;;
		*) ok=1;; esac
	tap_result $ok "on a terminal, a progress bar, then the summary" "$out"
	out=$(run_tty import -q manifest "'$M/wco/TT_IM015a.xml'")
	[ -z "$out" ]; tap_result $? "--quiet on a terminal: no bar either" "$out"
	out=$(run_tty import watchlist "'$top_srcdir/tests/data/watchlists/un/un-newer.xml'" | tr '\r' '\n')
	case $out in *"100%"*"2 stored, 1 skipped"*) ok=0;; *) ok=1;; esac
	tap_result $ok "a watchlist import draws the bar too" "$out"
else
	tap_skip "script(1) not found: no terminal to draw on"
fi

tap_done
