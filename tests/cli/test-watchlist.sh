#!/bin/sh
# End-to-end tests of "douane import watchlist" and "douane lists": formats
# detected and forced, the summary, lists as a table and as JSON, exit codes
# (64 usage, 65 bad data, 66 missing input) and a vault left unchanged by a
# bad file.  Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
V="$T/booth.vault"
D=$(tap_vault "$V") || { echo "1..0 # SKIP cannot create a test vault"; exit 1; }
W="$top_srcdir/tests/data/watchlists"

lists_json() { "$D" --vault "$V" lists --format json; }

# --- usage ----------------------------------------------------------------
tap_check "--help lists the lists command" sh -c "'$D' --help | grep -q 'lists'"
tap_check "lists --help" sh -c "'$D' lists --help | grep -q 'Usage: douane'"
tap_status 64 "import watchlist with no file: 64" "$D" --vault "$V" import watchlist
tap_status 64 "an unknown --format: 64" "$D" --vault "$V" import watchlist --format yaml "$W/un/un-older.xml"
tap_status 64 "--format with manifests: 64" "$D" --vault "$V" import --format un manifest "$W/un/un-older.xml"
tap_status 64 "lists with a bad format: 64" "$D" --vault "$V" lists --format csv
tap_status 64 "lists with an argument: 64" "$D" --vault "$V" lists extra
tap_status 66 "lists on a missing vault: 66" "$D" --vault "$T/none.vault" lists
tap_check "a missing vault is not created by lists" test ! -e "$T/none.vault"

# --- import, detected -------------------------------------------------------
out=$("$D" --vault "$V" import watchlist "$W/un/UN_consolidated_2026-02-27.xml" 2>&1); rc=$?
case $out in *"un: UN-SC 2026-02-27: 1003 read, 1003 stored, 0 skipped"*) ok=$rc;; *) ok=1;; esac
tap_result $ok "the UN list is detected and imported (1003 entries)" "$out"
out=$("$D" --vault "$V" import watchlist "$W/ofac/sdn_2021-07/sdn.csv" \
	"$W/douane/national.xml" 2>&1); rc=$?
case $out in *"ofac-csv: OFAC-SDN"*"8976 stored"*"douane: FR-DNRED-1 2026-11-01: 6 read, 6 stored"*)
	ok=$rc;; *) ok=1;; esac
tap_result $ok "the OFAC CSV set and a douane list in one command" "$out"

# --- import, --format --------------------------------------------------------
tap_check "--format ofac-xml" "$D" --vault "$V" -q import watchlist --format ofac-xml \
	"$W/ofac/consolidated_nonsdn_2025-03-28.xml"
tap_status 65 "--format ofac-csv on an XML file: 65" "$D" --vault "$V" import watchlist \
	--format ofac-csv --source OFAC-CONS "$W/ofac/consolidated_nonsdn_2025-03-28.xml"
tap_status 65 "--format un on a douane list: 65" "$D" --vault "$V" import watchlist --format un \
	"$W/douane/bad-kind.xml"

# --- lists --------------------------------------------------------------------
lists_json > l.json
[ "$(jq length l.json)" -eq 4 ]; tap_result $? "lists --format json: four lists" "$(cat l.json)"
[ "$(jq -r '.[] | select(.source == "UN-SC") | .entries' l.json)" = 1003 ]
tap_result $? "UN-SC holds 1003 entries"
[ "$(jq -r '.[] | select(.source == "OFAC-SDN") | "\(.entries) \(.format)"' l.json)" = "8976 ofac-csv" ]
tap_result $? "OFAC-SDN holds 8976 entries, read from the CSV set"
[ "$(jq -r '.[] | select(.source == "OFAC-CONS") | "\(.entries) \(.published) \(.version)"' l.json)" = "443 2025-03-28 443" ]
tap_result $? "OFAC-CONS holds 443 entries, published 2025-03-28, version 443"
[ "$(jq -r '.[] | select(.source == "FR-DNRED-1") | "\(.name)|\(.publisher)|\(.imported_at != null)"' l.json)" = "Liste nationale de contrôle (test)|DNRED, France|true" ]
tap_result $? "the national list keeps its name and publisher (UTF-8)"
"$D" --vault "$V" lists > l.txt
[ "$(wc -l < l.txt)" -eq 5 ] && head -1 l.txt | grep -q SOURCE && grep -q '^UN-SC ' l.txt
tap_result $? "lists prints a table: a heading and four rows" "$(cat l.txt)"

# --- again, older, newer -------------------------------------------------------
out=$("$D" --vault "$V" import watchlist "$W/un/UN_consolidated_2026-02-27.xml" 2>&1)
case $out in *"already imported"*) tap_result 0 "importing the UN list again changes nothing";;
	*) tap_result 1 "importing the UN list again changes nothing" "$out";; esac
before=$(lists_json | jq -c 'map(del(.imported_at))')
out=$("$D" --vault "$V" import watchlist "$W/un/un-older.xml" 2>&1); rc=$?
case $out in *"un-older.xml:2:"*"2025-06-30"*) named=0;; *) named=1;; esac
[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "an older UN list is refused with 65, file:line and dates" "$out"
[ "$(lists_json | jq -c 'map(del(.imported_at))')" = "$before" ]
tap_result $? "the refused list left the lists unchanged"

# --- bad input -----------------------------------------------------------------
snap() { lists_json | jq -c 'map(del(.imported_at))'; }
before=$(snap)
for bad in hostile/un-xxe.xml hostile/un-billion-laughs.xml hostile/un-truncated.xml \
	hostile/un-bad-utf8.xml hostile/un-text-in-record.xml hostile/sdn-bad-type.xml \
	hostile/csv-stray-quote/sdn.csv hostile/csv-fields/sdn.csv douane/bad-imo.xml \
	douane/bad-order.xml; do
	name=$(basename "$bad")
	out=$("$D" --vault "$V" import watchlist "$W/$bad" 2>&1); rc=$?
	case $out in *"$name:"[0-9]*) named=0;; *) named=1;; esac
	[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "$bad: exit 65 with file:line (got $rc)" "$out"
done
[ "$(snap)" = "$before" ]; tap_result $? "bad files left the vault's lists unchanged"
tap_status 66 "a missing file: 66" "$D" --vault "$V" import watchlist "$T/nope.xml"
tap_status 66 "an OFAC CSV set without alt.csv: 66" "$D" --vault "$V" import watchlist \
	"$W/hostile/csv-no-alt/sdn.csv"
# (a copy with a comment added, so it is not the file imported above)
{ cat "$W/ofac/consolidated_nonsdn_2025-03-28.xml"; echo '<!-- a copy -->'; } > "$T/ofac.xml"
tap_status 64 "an OFAC XML whose name does not say which list: 64" "$D" --vault "$V" \
	import watchlist "$T/ofac.xml"
tap_check "... accepted with --source OFAC-CONS" "$D" --vault "$V" -q import watchlist \
	--source OFAC-CONS "$T/ofac.xml"

# A newer list replaces the older: the entry count follows.
out=$("$D" --vault "$V" import watchlist "$W/un/un-newer.xml" 2>&1)
case $out in *"2 stored, 1 skipped"*"replaced"*"skipped: record TSi.002 has no name"*) ok=0;; *) ok=1;; esac
tap_result $ok "a newer UN list replaces the older, saying what it skipped" "$out"
[ "$(lists_json | jq -r '.[] | select(.source == "UN-SC") | "\(.entries) \(.published)"')" = "2 2026-03-15" ]
tap_result $? "UN-SC now holds the newer list's 2 entries"

# The schema and the reader agree on the bundled national lists.
if command -v xmllint >/dev/null 2>&1; then
	xsd="$top_srcdir/data/watchlist.xsd"
	tap_status 0 "national.xml is valid against data/watchlist.xsd" \
		xmllint --noout --nonet --schema "$xsd" "$W/douane/national.xml"
	for f in bad-kind.xml bad-order.xml bad-country.xml; do
		tap_status 3 "$f is invalid against the schema too" \
			xmllint --noout --nonet --schema "$xsd" "$W/douane/$f"
	done
	sed -n '/^```xml watchlist$/,/^```$/p' "$top_srcdir/doc/formats.md" | sed '1d;$d' > example.xml
	tap_status 0 "the watchlist example in doc/formats.md is valid" \
		xmllint --noout --nonet --schema "$xsd" example.xml
	tap_check "... and douane imports it" "$D" --vault "$V" -q import watchlist example.xml
else
	tap_skip "xmllint not found"
fi

tap_done
